using System.Text.Json.Nodes;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Bmff;

/// <summary>Signed BMFF samples made once per test run with the oracle, plus helpers to reach their hard binding.</summary>
internal static class BmffSamples
{
    private static readonly Lazy<string> Dir = new(Oracle.TempDir);

    public static string Source => Path.Combine(SharedFolder.Data, "real", "video", "cotracker_cat.mp4");

    /// <summary>A copy of the shared MP4 whose ftyp major brand is replaced (MOV: <c>qt  </c>, M4A: <c>M4A </c>).</summary>
    public static string Rebranded(string brand, string extension)
    {
        var path = Path.Combine(Dir.Value, "rebranded-" + brand.Trim() + extension);
        if (!File.Exists(path))
        {
            var bytes = File.ReadAllBytes(Source);
            System.Text.Encoding.ASCII.GetBytes(brand).CopyTo(bytes, 8);
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    /// <summary>Signs <paramref name="input"/> with sign.mjs (once per name).</summary>
    public static string Signed(string input, string name, params string[] options)
    {
        var output = Path.Combine(Dir.Value, name);
        lock (Dir)
        {
            if (!File.Exists(output))
            {
                Oracle.Instance.Sign(input, output, options);
            }
        }

        return output;
    }

    public static string Tampered(string signed, string name)
    {
        var output = Path.Combine(Dir.Value, name);
        lock (Dir)
        {
            if (!File.Exists(output))
            {
                Oracle.Instance.Tamper(signed, output, "data");
            }
        }

        return output;
    }

    /// <summary>The active manifest's BMFF hash assertion: its label, URL (as c2pa-rs names it) and CBOR.</summary>
    public static (string Label, string Url, CborNode Cbor) HardBinding(string file)
    {
        using var s = File.OpenRead(file);
        var located = new BmffHandler().Locate(s);
        var store = JumbfReader.ParseStore(located.Store!.Value);
        var manifest = store.Children[^1];
        var assertions = manifest.Child("c2pa.assertions")!;
        var binding = assertions.Children.First(c => c.Label!.StartsWith("c2pa.hash.bmff", StringComparison.Ordinal));
        var url = $"self#jumbf=/c2pa/{manifest.Label}/c2pa.assertions/{binding.Label}";
        return (binding.Label!, url, CborNode.Decode(binding.Content!.Payload));
    }

    /// <summary>c2pa-rs's codes for a file, as verify.mjs reports them.</summary>
    public static (IReadOnlyList<string> Success, IReadOnlyList<string> Informational, IReadOnlyList<string> Failure) OracleCodes(
        string file, params string[] options)
    {
        var json = Oracle.Instance.Verify(file, options);
        IReadOnlyList<string> Codes(string kind) =>
            json["status"]![kind]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        return (Codes("success"), Codes("informational"), Codes("failure"));
    }

    /// <summary>Explanations of c2pa-rs's failures for one code.</summary>
    public static IReadOnlyList<string> OracleFailureExplanations(string file, string code) =>
        Oracle.Instance.Verify(file)["failure_details"]!.AsArray()
            .Where(n => n!["code"]!.GetValue<string>() == code)
            .Select(n => n!["explanation"]!.GetValue<string>()).ToList();

    public static JsonNode Jumbf(string file) => JsonNode.Parse(Oracle.Instance.Run("jumbf.mjs", [file]).Split("\n{\"off\"")[0])!;
}
