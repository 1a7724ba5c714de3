using System.Formats.Cbor;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// A claim signature as a forger would make it: any COSE <c>alg</c> id in the protected header (null: none), any
/// <c>x5chain</c> bytes, any signing function over the Sig_structure, an optional time stamp.
/// </summary>
internal sealed record ForgedSignature(long? AlgorithmId, IReadOnlyList<byte[]> Chain, Func<byte[], byte[]> Sign)
{
    public ITimeStamper? TimeStamper { get; init; }

    /// <summary>
    /// Signs <paramref name="input"/> into <paramref name="output"/> with this forgery. Builder refuses a bad signer
    /// certificate on purpose, so the file is first signed with <paramref name="carrier"/> (a conforming signer), then
    /// its COSE_Sign1 is replaced in place by the forged one over the same claim bytes, padded to the same reserved size:
    /// the claim, the assertions and the hard binding (which excludes the whole store) stay exactly as Builder wrote them.
    /// </summary>
    public void Write(string input, string output, TestPki.Issued carrier)
    {
        Builder.Sign(new SignRequest
        {
            InputPath = input,
            OutputPath = output,
            Signer = new CarrierSigner(carrier, Chain),
            // Stamping the carrier too reserves the room a stamped forgery needs.
            TimeStamper = TimeStamper,
            DigitalSourceType = DigitalSourceTypes.Resolve("digitalCapture"),
        });

        var file = File.ReadAllBytes(output);
        var (claim, cose) = ActiveClaimAndSignature(output);
        int at = file.AsSpan().IndexOf(cose.Span);
        if (at < 0 || file.AsSpan(at + 1).IndexOf(cose.Span) >= 0)
        {
            throw new InvalidOperationException($"{output}: the COSE_Sign1 is not one contiguous run of the file");
        }

        var forged = Encode(claim.Span, cose.Length);
        forged.CopyTo(file, at);
        File.WriteAllBytes(output, file);
    }

    private byte[] Encode(ReadOnlySpan<byte> claim, int size)
    {
        var header = new CborWriter(CborConformanceMode.Lax);
        header.WriteStartMap(AlgorithmId is null ? 1 : 2);
        if (AlgorithmId is { } alg)
        {
            header.WriteInt32(1);
            header.WriteInt64(alg);
        }

        header.WriteInt32((int)CoseSign1.X5ChainLabel);
        header.WriteStartArray(Chain.Count);
        foreach (var cert in Chain)
        {
            header.WriteByteString(cert);
        }

        header.WriteEndArray();
        header.WriteEndMap();
        var protectedHeader = header.Encode();

        var signature = Sign(CoseSign1Writer.ToBeSigned(protectedHeader, claim));
        var token = TimeStamper?.Stamp(CoseSign1Writer.TimeStampedData(protectedHeader, signature));
        return PadFitter.Fit(size, (pad, pad2) => CoseSign1Writer.Encode(protectedHeader, signature, token, pad, pad2));
    }

    private static (ReadOnlyMemory<byte> Claim, ReadOnlyMemory<byte> Cose) ActiveClaimAndSignature(string path)
    {
        using var stream = File.OpenRead(path);
        var handler = AssetHandlers.Detect(stream) ?? throw new InvalidOperationException($"{path}: unknown format");
        var store = handler.Locate(stream).Store ?? throw new InvalidOperationException($"{path}: no store");
        var manifest = JumbfReader.ParseStore(store).Children.Last(c => c.IsSuperbox);
        var claim = manifest.Child("c2pa.claim.v2")!.Content!.Payload;
        var cose = manifest.Child("c2pa.signature")!.Content!.Payload;
        return (claim, cose);
    }

    /// <summary>
    /// A conforming ES256 signer whose x5chain also lists the forged chain after its own leaf: Builder checks only the
    /// leaf, and the reserved signature size (which grows with the chain) then has room for the forgery.
    /// </summary>
    private sealed class CarrierSigner(TestPki.Issued leaf, IReadOnlyList<byte[]> room) : IClaimSigner
    {
        public CoseAlgorithm Algorithm => CoseAlgorithm.Es256;

        public IReadOnlyList<byte[]> CertificateChain { get; } = [leaf.Der, .. room];

        public Uri? TimeStampAuthority => null;

        public byte[] Sign(ReadOnlySpan<byte> toBeSigned) => Signatures.Sign(Algorithm, leaf.Key.Private, toBeSigned);
    }
}
