using System.Buffers.Binary;
using System.Text;
using Verifier.Provenance.Signing;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>
/// RIFF files (WebP, WAV, AVI): the C2PA chunk goes after the last top-level chunk, and with <c>--remote</c> an XMP chunk
/// just before it, as c2pa-rs writes them; Trusted in c2pa-rs and Verifier, the media decoding to the same samples, and a
/// flipped sample byte caught by both.
/// </summary>
[TestClass]
public sealed class RiffSigningTests
{
    private const string RemoteUrl = "https://example.com/manifests/m.c2pa";

    [TestMethod]
    [DataRow("webp")]
    [DataRow("webpl")]
    [DataRow("wav")]
    [DataRow("wav-odd")]
    [DataRow("avi")]
    public void TheChunksStayAndAC2paChunkFollowsThem(string kind)
    {
        var input = Make(kind);
        var signed = Path.Combine(Oracle.TempDir(), "signed" + Path.GetExtension(input));
        SignedBy.Sign(input, signed);
        BuilderLayoutTests.AssertTrusted(signed);

        var bytes = File.ReadAllBytes(signed);
        // c2pa-rs keeps a simple (VP8/VP8L) WebP simple and appends the chunk: the original chunks, unchanged, then C2PA.
        CollectionAssert.AreEqual(Ids(input).Append("C2PA").ToList(), Ids(signed));
        Assert.AreEqual((uint)bytes.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)), "RIFF size");
        Assert.AreEqual(0, bytes.Length % 2, "chunks are padded to an even length");
        Assert.AreEqual(Samples(input), Samples(signed), "the signed file decodes to the same samples");
    }

    [TestMethod]
    [DataRow("webp")]
    [DataRow("wav")]
    [DataRow("avi")]
    public void RemoteUrlGoesIntoAnXmpChunkBeforeTheStore(string kind)
    {
        var input = Make(kind);
        var signed = Path.Combine(Oracle.TempDir(), "remote" + Path.GetExtension(input));
        Builder.Sign(new SignRequest { InputPath = input, OutputPath = signed, Signer = SignedBy.Signer("es256"), RemoteUrl = RemoteUrl });
        BuilderLayoutTests.AssertTrusted(signed);
        CollectionAssert.AreEqual(Ids(input).Append("XMP ").Append("C2PA").ToList(), Ids(signed));
        using var stream = File.OpenRead(signed);
        Assert.AreEqual(RemoteUrl, Provenance.Formats.AssetHandlers.Detect(stream)!.Locate(stream).RemoteUrl);
        Assert.AreEqual(Samples(input), Samples(signed));
    }

    [TestMethod]
    public void RemoteUrlIntoAnExistingXmpChunkIsRefused()
    {
        var input = Path.Combine(Oracle.TempDir(), "xmp.wav");
        File.WriteAllBytes(input, Appended(File.ReadAllBytes(Make("wav")), "XMP ", Encoding.UTF8.GetBytes("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>")));
        var output = Path.Combine(Oracle.TempDir(), "out.wav");
        var refused = Assert.ThrowsExactly<SigningRefusedException>(() => Builder.Sign(new SignRequest
        {
            InputPath = input,
            OutputPath = output,
            Signer = SignedBy.Signer("es256"),
            RemoteUrl = RemoteUrl,
        }));
        Assert.AreEqual(RefusalRule.RemoteWithExistingXmp, refused.Rule);
        StringAssert.Contains(refused.Message, "WAVE");
        Assert.IsFalse(File.Exists(output), "a refused signing leaves no output");
    }

    /// <summary>A byte of the audio samples / the AVI's movi list flipped: Invalid with the data hash mismatch in both.</summary>
    [TestMethod]
    [DataRow("wav", "data")]
    [DataRow("avi", "LIST")]
    public void FlippedSampleByteIsInvalidInBoth(string kind, string chunk)
    {
        var signed = Path.Combine(Oracle.TempDir(), "signed." + kind);
        SignedBy.Sign(Make(kind), signed);
        var bytes = File.ReadAllBytes(signed);
        var target = Chunks(bytes).Last(c => c.Id == chunk);
        bytes[target.Offset + 8 + (int)(target.Size / 2)] ^= 0xFF;
        var tampered = Path.Combine(Oracle.TempDir(), "tampered." + kind);
        File.WriteAllBytes(tampered, bytes);

        var expected = Oracle.Instance.Verify(tampered, "--trust", Oracle.Instance.RootPem);
        var actual = Reader.Validate(tampered, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) });
        Agreement.AssertSame(tampered, expected, actual);
        Assert.AreEqual(ValidationState.Invalid, actual.State);
        CollectionAssert.Contains(actual.Codes(StatusKind.Failure).ToList(), ValidationCodes.AssertionDataHashMismatch, Agreement.Describe(actual));
    }

    /// <summary>A WAV c2pa-rs signed, signed again by Verifier without a parent: one C2PA chunk, one manifest.</summary>
    [TestMethod]
    public void OldStoreIsReplaced()
    {
        var dir = Oracle.TempDir();
        var first = Path.Combine(dir, "first.wav");
        var second = Path.Combine(dir, "second.wav");
        Oracle.Instance.Sign(Make("wav"), first);
        SignedBy.Sign(first, second);
        Assert.AreEqual(1, BuilderLayoutTests.AssertTrusted(second).Manifests.Count);
        Assert.AreEqual(1, Ids(second).Count(id => id == "C2PA"));
    }

    [TestMethod]
    public void FlacIsStillRefusedClearly()
    {
        var flac = FfmpegRun.Make("tone.flac", "-f", "lavfi", "-i", "sine=duration=0.1");
        var output = Path.Combine(Oracle.TempDir(), "signed.flac");
        var refused = Assert.ThrowsExactly<SigningRefusedException>(() => SignedBy.Sign(flac, output));
        Assert.AreEqual(RefusalRule.UnsupportedFormat, refused.Rule);
        StringAssert.Contains(refused.Message, "audio/flac");
        StringAssert.Contains(refused.Message, "WAV");
        Assert.IsFalse(File.Exists(output));
    }

    /// <summary>Top-level RIFF chunks (offset, id, data size), walked independently of Verifier's reader.</summary>
    internal static List<(int Offset, string Id, uint Size)> Chunks(byte[] file)
    {
        var chunks = new List<(int, string, uint)>();
        for (int at = 12; at + 8 <= file.Length;)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            chunks.Add((at, Encoding.ASCII.GetString(file, at, 4), size));
            at += 8 + (int)size + (int)(size & 1);
        }

        return chunks;
    }

    private static List<string> Ids(string path) => Chunks(File.ReadAllBytes(path)).Select(c => c.Id).ToList();

    /// <summary>ffmpeg's per-frame hashes of every stream: the same text means the same decoded samples.</summary>
    private static string Samples(string path) =>
        string.Join('\n', Encoding.ASCII.GetString(FfmpegRun.Decode(path, "-f", "framemd5")).Split('\n').Where(l => !l.StartsWith('#')));

    /// <summary>
    /// <c>wav</c> (16-bit tone), <c>wav-odd</c> (1601 unsigned 8-bit samples: a data chunk of odd size and its pad byte),
    /// <c>avi</c> (MJPEG frames) or an image kind of <see cref="ImageInputs.Make"/>.
    /// </summary>
    private static string Make(string kind) => kind switch
    {
        "wav" => FfmpegRun.Make("tone.wav", "-f", "lavfi", "-i", "sine=duration=0.2"),
        "wav-odd" => FfmpegRun.Make("odd.wav", "-f", "lavfi", "-i", "sine=duration=0.5:sample_rate=8000", "-af", "atrim=end_sample=1601", "-c:a", "pcm_u8"),
        "avi" => FfmpegRun.Make("clip.avi", "-f", "lavfi", "-i", "testsrc2=s=64x48:r=5:d=0.6", "-c:v", "mjpeg"),
        _ => ImageInputs.Make(kind),
    };

    /// <summary>The RIFF file with one more top-level chunk at its end, the RIFF size set to match.</summary>
    private static byte[] Appended(byte[] riff, string id, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(id, chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        byte[] file = [.. riff, .. chunk];
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        return file;
    }
}
