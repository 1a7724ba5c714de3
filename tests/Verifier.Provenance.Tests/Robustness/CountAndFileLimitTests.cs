using System.Buffers.Binary;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// The count limits of the container walkers (RIFF chunks, JPEG XL boxes, TIFF pages) and the size limits on whole
/// files read into memory (an ISO BMFF store, an external store, a trust bundle, a key file). Big files are sparse
/// (their length set, nothing written), so each test costs a few kB of disk and must be refused from the length alone.
/// </summary>
[TestClass]
public sealed class CountAndFileLimitTests
{
    [TestMethod]
    public void MoreRiffChunksThanTheLimitAreAnInvalidAsset()
    {
        int chunks = RiffHandler.MaxChunks + 1;
        var file = new byte[12 + (8 * chunks)];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        for (int at = 12; at < file.Length; at += 8)
        {
            "JUNK"u8.CopyTo(file.AsSpan(at)); // empty chunks
        }

        AssertInvalidAsset(file, $"more than {RiffHandler.MaxChunks} top-level chunks");
    }

    [TestMethod]
    public void MoreJpegXlBoxesThanTheLimitAreAnInvalidAsset()
    {
        byte[] signature = [0, 0, 0, 12, (byte)'J', (byte)'X', (byte)'L', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];
        byte[] ftyp = [0, 0, 0, 20, .. "ftypjxl "u8, 0, 0, 0, 0, .. "jxl "u8];
        byte[] free = [0, 0, 0, 8, .. "free"u8];
        var file = (byte[])[.. signature, .. ftyp, .. Enumerable.Range(0, JpegXlHandler.MaxBoxes + 1).SelectMany(_ => free)];

        AssertInvalidAsset(file, "Too many boxes in JPEG XL container");
    }

    [TestMethod]
    public void MoreTiffPagesThanTheLimitAreAnInvalidAsset()
    {
        // A chain of empty IFDs (entry count 0, then the next IFD's offset), one more than the page limit.
        int pages = TiffHandler.MaxPages + 1;
        var file = new byte[8 + (6 * pages)];
        "II*\0"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 8);
        for (int page = 0; page < pages; page++)
        {
            int at = 8 + (6 * page);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 2), page + 1 < pages ? (uint)(at + 6) : 0);
        }

        AssertInvalidAsset(file, "too many pages");
    }

    /// <summary>An MP4 whose C2PA uuid box holds one byte more than the store limit (sparse, 64 MB long).</summary>
    [TestMethod]
    public void AnMp4StoreOverTheLimitIsRefusedWithoutReadingIt()
    {
        byte[] ftyp = [0, 0, 0, 16, .. "ftypisom"u8, 0, 0, 0, 0];
        byte[] head = [0, 0, 0, 0, .. "uuid"u8, .. Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481"), 0, 0, 0, 0, .. "manifest\0"u8, .. new byte[8]];
        long boxLength = head.Length + AssetStream.MaxStoreBytes + 1L;
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)boxLength);
        var path = Sparse("big.mp4", [.. ftyp, .. head], ftyp.Length + boxLength);

        var result = Reader.Validate(path);

        Assert.AreEqual(ValidationState.Unreadable, result.State, result.Error);
        Assert.AreEqual(ReadError.InvalidAsset, result.ErrorKind, result.Error);
        Assert.Contains($"over the {AssetStream.MaxStoreBytes}-byte limit", result.Error!);
    }

    [TestMethod]
    public void AnExternalStoreOverTheLimitIsRefused()
    {
        var asset = Path.Combine(Oracle.TempDir(), "plain.png");
        File.WriteAllBytes(asset, PngFile.Carrying([.. "jumb"u8])[..33].Concat(PngFile.Chunk("IEND", [])).ToArray());
        var store = Sparse("big.c2pa", [], Reader.MaxExternalStore + 1);

        var result = Reader.Validate(asset, new VerifyOptions { ExternalManifestPath = store });

        Assert.AreEqual(ValidationState.Unreadable, result.State, result.Error);
        Assert.AreEqual(ReadError.JumbfParseError, result.ErrorKind, result.Error);
        Assert.Contains($"over the {Reader.MaxExternalStore}-byte limit", result.Error!);
    }

    [TestMethod]
    public void ATrustBundleOverTheLimitIsRefused()
    {
        var pem = Sparse("anchors.pem", [], TrustSettingsLoader.MaxBundleBytes + 1);

        var e = Assert.ThrowsExactly<ProvenanceReadException>(() => TrustSettingsLoader.FromPemFiles(pem));

        Assert.Contains(pem, e.Message);
        Assert.Contains("too large for a PEM trust bundle", e.Message);
    }

    [TestMethod]
    public void AKeyFileOverTheLimitIsRefused()
    {
        var key = Sparse("signer.key", [], KeyFiles.MaxFileBytes + 1);

        var e = Assert.ThrowsExactly<SignerException>(() => KeyFiles.ReadPrivateKey(key, null));

        Assert.Contains(key, e.Message);
        Assert.Contains("too large", e.Message);
    }

    /// <summary>An SVG (the one format read whole) one byte over its limit: refused from its length.</summary>
    [TestMethod]
    public void AnSvgOverTheLimitIsRefusedWithoutReadingIt()
    {
        var svg = Sparse("big.svg", [.. "<svg xmlns=\"http://www.w3.org/2000/svg\">"u8], SvgHandler.MaxSvgBytes + 1L);

        var result = Reader.Validate(svg);

        Assert.AreEqual(ReadError.InvalidAsset, result.ErrorKind, result.Error);
        Assert.Contains($"over the {SvgHandler.MaxSvgBytes}-byte limit", result.Error!);
    }

    [TestMethod]
    public void ASignerCommandThatWritesTooMuchIsRefused()
    {
        var command = new SignerCommand($"head -c {SignerCommand.MaxOutputBytes + 1} /dev/zero", TimeSpan.FromSeconds(30));

        var e = Assert.ThrowsExactly<SignerException>(() => command.Run(null, []));

        Assert.Contains($"wrote more than {SignerCommand.MaxOutputBytes} bytes", e.Message);
    }

    [TestMethod]
    public void ASignerCommandPastItsTimeLimitIsKilled()
    {
        var command = new SignerCommand("sleep 60", TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = Assert.ThrowsExactly<SignerException>(() => command.Run(null, []));

        Assert.Contains("did not finish within 0.3 s", e.Message);
        Assert.IsLessThan(10_000, clock.ElapsedMilliseconds);
    }

    private static void AssertInvalidAsset(byte[] file, string message)
    {
        using var stream = new MemoryStream(file, writable: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Reader.Validate(stream, "hostile", new VerifyOptions());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(ValidationState.Unreadable, result.State, result.Error);
        Assert.AreEqual(ReadError.InvalidAsset, result.ErrorKind, result.Error);
        Assert.Contains(message, result.Error!);
        Assert.IsLessThan(64L << 20, allocated, $"a {file.Length}-byte file made the reader allocate {allocated} bytes");
    }

    /// <summary>A file of <paramref name="length"/> bytes that starts with <paramref name="head"/> and holds nothing else.</summary>
    private static string Sparse(string name, byte[] head, long length)
    {
        var path = Path.Combine(Oracle.TempDir(), name);
        using var file = new FileStream(path, FileMode.CreateNew);
        file.Write(head);
        file.SetLength(length);
        return path;
    }
}
