using System.Text.Json.Nodes;
using Verifier.Provenance.Cbor;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Formats;

/// <summary>
/// Files signed once per test run by the oracle (c2pa-rs), shared by the format and binding tests, plus helpers to
/// read what c2pa-rs and the oracle's independent <c>jumbf.mjs</c> say about them.
/// </summary>
internal static class SignedSamples
{
    private static readonly Lazy<string> Dir = new(Oracle.TempDir);
    private static readonly Dictionary<string, Lazy<string>> Signed = new()
    {
        ["jpg"] = Sign("dalle_dalle8_orig.jpeg", "s.jpg", SharedFolder.Data, "ai/image"),
        ["multi.jpg"] = Sign("dalle_dalle8_orig.jpeg", "multi.jpg", SharedFolder.Data, "ai/image", "--filler", "150000"),
        ["remote.jpg"] = Sign("dalle_dalle8_orig.jpeg", "remote.jpg", SharedFolder.Data, "ai/image", "--remote", RemoteUrl),
        ["png"] = Sign("libpng-test.png", "s.png", SharedFolder.Fixtures, ""),
        ["remote.png"] = Sign("libpng-test.png", "remote.png", SharedFolder.Fixtures, "", "--remote", RemoteUrl),
        ["webp"] = Sign("test.webp", "s.webp", SharedFolder.Fixtures, ""),
        ["remote.webp"] = Sign("test.webp", "remote.webp", SharedFolder.Fixtures, "", "--remote", RemoteUrl),
        ["avi"] = Sign("ucf101_PlayingGuitar_g18.avi", "s.avi", SharedFolder.Data, "real/video"),
        ["tif"] = SignMade("in.tif", MinimalTiff(), "s.tif"),
        ["mp3"] = SignMade("in.mp3", MinimalMp3(), "s.mp3"),
        ["wav"] = SignMade("in.wav", MinimalWav(), "s.wav"),
        ["remote.tif"] = SignMade("in-r.tif", MinimalTiff(), "remote.tif", "--remote", RemoteUrl),
        ["remote.mp3"] = SignMade("in-r.mp3", MinimalMp3(), "remote.mp3", "--remote", RemoteUrl),
        ["gif"] = SignMade("in.gif", FormatInputs.Gif(), "s.gif"),
        ["svg"] = SignMade("in.svg", FormatInputs.Svg(), "s.svg"),
        ["flac"] = SignMade("in.flac", FormatInputs.Flac(), "s.flac"),
        ["jxl"] = SignMade("in.jxl", FormatInputs.JpegXl(), "s.jxl"),
        ["pdf"] = SignMade("in.pdf", FormatInputs.Pdf(), "s.pdf"),
        ["xs.pdf"] = SignMade("in-xs.pdf", FormatInputs.PdfWithXrefStream(), "xs.pdf"),
    };

    public const string RemoteUrl = "https://example.com/manifests/remote.c2pa";

    /// <summary>The oracle-signed file for a key such as <c>jpg</c>, <c>multi.jpg</c>, <c>png</c>, <c>webp</c>.</summary>
    public static string Path(string key) => Signed[key].Value;

    /// <summary>A fresh path in this run's temp folder.</summary>
    public static string NewPath(string name) => System.IO.Path.Combine(Dir.Value, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    /// <summary>The store <c>jumbf.mjs --out</c> extracts (independent of c2pa-rs and of our handlers), and its JSON report.</summary>
    public static (byte[] Store, JsonNode Report) OracleStore(string file)
    {
        var outFile = NewPath("store.c2pa");
        var stdout = Oracle.Instance.Run("jumbf.mjs", [file, "--out", outFile]);
        int end = stdout.IndexOf("\n}", StringComparison.Ordinal) + 2; // the JSON header precedes the box tree
        return (File.ReadAllBytes(outFile), JsonNode.Parse(stdout[..end])!);
    }

    /// <summary>c2pa-rs's verdict on a file (verify.mjs).</summary>
    public static JsonNode Verify(string file, params string[] options) => Oracle.Instance.Verify(file, options);

    /// <summary>Locates a file with the handler that detects it.</summary>
    public static LocatedManifest Locate(string file)
    {
        using var stream = File.OpenRead(file);
        var handler = AssetHandlers.Detect(stream) ?? throw new AssertFailedException($"no handler detects {file}");
        return handler.Locate(stream);
    }

    /// <summary>The active manifest's label and an assertion's CBOR from a store.</summary>
    public static (string Manifest, CborNode Assertion) Assertion(ReadOnlyMemory<byte> store, string label)
    {
        var root = JumbfReader.ParseStore(store);
        var manifest = root.Children[^1];
        var box = manifest.Child("c2pa.assertions")?.Child(label) ?? throw new AssertFailedException($"no {label} assertion");
        return (manifest.Label!, CborNode.Decode(box.Content!.Payload));
    }

    public static string AssertionUrl(string manifest, string label) => $"self#jumbf=/c2pa/{manifest}/c2pa.assertions/{label}";

    /// <summary>The failure_details explanations c2pa-rs gave for one code.</summary>
    public static List<string> Explanations(JsonNode verdict, string code) =>
        verdict["failure_details"]!.AsArray().Where(d => (string?)d!["code"] == code).Select(d => (string)d!["explanation"]!).ToList();

    public static List<string> Codes(JsonNode verdict, string kind) =>
        verdict["status"]![kind]!.AsArray().Select(c => (string)c!).ToList();

    /// <summary>Signs an input made here (the shared data has no TIFF or MP3).</summary>
    private static Lazy<string> SignMade(string input, byte[] content, string output, params string[] options) =>
        new(() =>
        {
            File.WriteAllBytes(System.IO.Path.Combine(Dir.Value, input), content);
            return Sign(input, output, Dir.Value, "", options).Value;
        }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A 4x4 8-bit grey, uncompressed, little-endian TIFF with one strip.</summary>
    private static byte[] MinimalTiff()
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
            [(256, 3, 4), (257, 3, 4), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 0), (277, 3, 1), (278, 3, 4), (279, 4, 16)];
        int pixels = 8 + 2 + (12 * entries.Length) + 4;
        var tiff = new List<byte> { (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, (byte)entries.Length, 0 };
        foreach (var (tag, type, value) in entries)
        {
            tiff.AddRange(BitConverter.GetBytes(tag));
            tiff.AddRange(BitConverter.GetBytes(type));
            tiff.AddRange(BitConverter.GetBytes(1u));
            tiff.AddRange(BitConverter.GetBytes(tag == 273 ? (uint)pixels : value));
        }

        tiff.AddRange(new byte[4]);
        tiff.AddRange(Enumerable.Range(0, 16).Select(i => (byte)(i * 16)));
        return [.. tiff];
    }

    /// <summary>Twenty silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz), no ID3 tag.</summary>
    private static byte[] MinimalMp3() =>
        [.. Enumerable.Repeat<byte[]>([0xFF, 0xFB, 0x90, 0x00, .. new byte[413]], 20).SelectMany(f => f)];

    /// <summary>0.1 s of 8 kHz 8-bit mono PCM silence.</summary>
    private static byte[] MinimalWav()
    {
        var wav = new List<byte>();
        void Text(string s) => wav.AddRange(System.Text.Encoding.ASCII.GetBytes(s));
        void U32(uint v) => wav.AddRange(BitConverter.GetBytes(v));
        void U16(ushort v) => wav.AddRange(BitConverter.GetBytes(v));
        Text("RIFF");
        U32(4 + 24 + 8 + 800);
        Text("WAVEfmt ");
        U32(16);
        U16(1);
        U16(1);
        U32(8000);
        U32(8000);
        U16(1);
        U16(8);
        Text("data");
        U32(800);
        wav.AddRange(Enumerable.Repeat((byte)0x80, 800));
        return [.. wav];
    }

    private static Lazy<string> Sign(string input, string output, string root, string under, params string[] options) =>
        new(() =>
        {
            var target = System.IO.Path.Combine(Dir.Value, output);
            Oracle.Instance.Sign(System.IO.Path.Combine(root, under, input), target, options);
            return target;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
}
