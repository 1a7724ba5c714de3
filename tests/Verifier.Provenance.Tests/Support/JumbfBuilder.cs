using System.Formats.Cbor;
using System.Security.Cryptography;
using Verifier.Provenance.Jumbf;

namespace Verifier.Provenance.Tests.Support;

/// <summary>Writes small JUMBF manifest stores for unit tests: real box layout, claims that reference real hashes.</summary>
internal static class JumbfBuilder
{
    public static byte[] Box(string type, params byte[][] parts)
    {
        var body = parts.SelectMany(p => p).ToArray();
        var size = body.Length + 8;
        return [(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size, .. System.Text.Encoding.ASCII.GetBytes(type), .. body];
    }

    public static byte[] Description(string fourCc, string label) =>
        Box("jumd", JumbfUuids.FromFourCc(fourCc), [0x03], [.. System.Text.Encoding.UTF8.GetBytes(label), 0]);

    public static byte[] Superbox(string fourCc, string label, params byte[][] content) =>
        Box("jumb", [Description(fourCc, label), .. content]);

    /// <summary>A CBOR assertion superbox.</summary>
    public static byte[] CborAssertion(string label, byte[] cbor) => Superbox("cbor", label, Box("cbor", cbor));

    public static byte[] EncodeCbor(Action<CborWriter> write)
    {
        var w = new CborWriter();
        write(w);
        return w.Encode();
    }

    /// <summary>A v2 manifest whose claim references each assertion by its true hash.</summary>
    public static byte[] Manifest(string label, IReadOnlyList<byte[]> assertionBoxes, bool gatheredFromIndex = false,
        string? overrideSignatureUri = null)
    {
        var claim = EncodeCbor(w =>
        {
            w.WriteStartMap(null);
            w.WriteTextString("instanceID");
            w.WriteTextString("xmp:iid:1");
            w.WriteTextString("claim_generator_info");
            w.WriteStartMap(null);
            w.WriteTextString("name");
            w.WriteTextString("unit-test");
            w.WriteEndMap();
            w.WriteTextString("signature");
            w.WriteTextString(overrideSignatureUri ?? $"self#jumbf=/c2pa/{label}/c2pa.signature");
            w.WriteTextString("created_assertions");
            w.WriteStartArray(null);
            foreach (var a in assertionBoxes)
            {
                w.WriteStartMap(null);
                w.WriteTextString("url");
                w.WriteTextString("self#jumbf=c2pa.assertions/" + LabelOf(a));
                w.WriteTextString("hash");
                w.WriteByteString(SHA256.HashData(a.AsSpan(8)));
                w.WriteEndMap();
            }

            w.WriteEndArray();
            w.WriteTextString("alg");
            w.WriteTextString("sha256");
            w.WriteEndMap();
        });
        return Superbox("c2ma", label,
            Superbox("c2as", "c2pa.assertions", assertionBoxes.ToArray()),
            Superbox("c2cl", "c2pa.claim.v2", Box("cbor", claim)),
            Superbox("c2cs", "c2pa.signature", Box("cbor", [0xD2, 0x84, 0x40, 0xA0, 0xF6, 0x40])));
    }

    public static byte[] StoreBox(params byte[][] manifests) => Superbox("c2pa", "c2pa", manifests);

    private static string LabelOf(byte[] superbox)
    {
        var jumd = superbox.AsSpan(8);
        var label = jumd[(8 + 17)..];
        return System.Text.Encoding.UTF8.GetString(label[..label.IndexOf((byte)0)]);
    }
}
