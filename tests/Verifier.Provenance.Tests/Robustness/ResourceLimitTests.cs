using System.Buffers.Binary;
using System.Diagnostics;
using Verifier.Provenance.Formats;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;
using static Verifier.Provenance.Tests.Support.JumbfBuilder;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// Every size, count and depth limit of the reader, each hit by a small hostile file built here and validated from
/// memory through <see cref="Reader"/>: the file is refused with the named error, in bounded time and allocating a
/// bounded amount (measured on this thread), never by trusting a length field (docs/limits.md lists the limits).
/// </summary>
[TestClass]
public sealed class ResourceLimitTests
{
    private const long OneMegabyte = 1 << 20;
    private const string Label = "urn:c2pa:00000000-0000-0000-0000-000000000001";

    /// <summary>A content box inside the store whose LBox/XLBox claims far more than the store holds.</summary>
    [TestMethod]
    [DataRow(0xFFFFFFFFUL, DisplayName = "LBox 2^32-1")]
    [DataRow(1UL << 32, DisplayName = "XLBox 2^32")]
    [DataRow(ulong.MaxValue, DisplayName = "XLBox 2^64-1")]
    public void AJumbfBoxClaimingMoreThanTheStoreIsAJumbfParseError(ulong claimed)
    {
        byte[] header = claimed <= uint.MaxValue
            ? [.. BigEndian32((uint)claimed), .. "cbor"u8]
            : [.. BigEndian32(1), .. "cbor"u8, .. BigEndian64(claimed)];
        var store = Superbox("c2pa", "c2pa", Superbox("c2ma", Label, [.. header, 0xA0]));

        var (result, _) = Bounded(PngFile.Carrying(store), OneMegabyte);

        AssertRefused(result, ReadError.JumbfParseError, "claims");
    }

    [TestMethod]
    public void MoreJumbfBoxesThanTheLimitAreAJumbfParseError()
    {
        var free = Box("free");
        var store = Superbox("c2pa", "c2pa", [.. Enumerable.Range(0, JumbfReader.MaxBoxes + 1).SelectMany(_ => free)]);

        var (result, _) = Bounded(PngFile.Carrying(store), 64 * OneMegabyte);

        AssertRefused(result, ReadError.JumbfParseError, "too many JUMBF boxes");
    }

    [TestMethod]
    public void JumbfNestedPastTheLimitIsAJumbfParseError()
    {
        var box = Superbox("c2ma", Label);
        for (int i = 0; i <= JumbfReader.MaxDepth; i++)
        {
            box = Superbox("c2ma", Label, box);
        }

        var (result, _) = Bounded(PngFile.Carrying(Superbox("c2pa", "c2pa", box)), OneMegabyte);

        AssertRefused(result, ReadError.JumbfParseError, "nested too deeply");
    }

    /// <summary>A caBX chunk one byte over the store cap (a 64 MB file): refused before its data is read or copied.</summary>
    [TestMethod]
    public void AStoreOverTheSizeLimitIsRefusedWithoutReadingIt()
    {
        var carrier = PngFile.Carrying([]); // signature and IHDR (33 bytes), an empty caBX (12), IEND
        var file = new byte[carrier.Length + AssetStream.MaxStoreBytes + 1];
        carrier.AsSpan(0, 41).CopyTo(file);
        carrier.AsSpan(45).CopyTo(file.AsSpan(file.Length - 12));
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(33), AssetStream.MaxStoreBytes + 1);

        var (result, _) = Bounded(file, OneMegabyte);

        AssertRefused(result, ReadError.InvalidAsset, $"over the {AssetStream.MaxStoreBytes}-byte limit");
    }

    /// <summary>Claims whose CBOR nests far past the limit, or whose length fields claim 2^32 or 2^64 items or bytes.</summary>
    [TestMethod]
    [DataRow("deep arrays", DisplayName = "100,000 nested arrays")]
    [DataRow("deep maps", DisplayName = "100,000 nested maps")]
    [DataRow("9A FFFFFFFF", DisplayName = "array of 2^32-1 items")]
    [DataRow("9B FFFFFFFFFFFFFFFF", DisplayName = "array of 2^64-1 items")]
    [DataRow("BA FFFFFFFF", DisplayName = "map of 2^32-1 pairs")]
    [DataRow("5A FFFFFFFF", DisplayName = "byte string of 2^32-1 bytes")]
    [DataRow("5B FFFFFFFFFFFFFFFF", DisplayName = "byte string of 2^64-1 bytes")]
    [DataRow("7B 0000000100000000", DisplayName = "text of 2^32 bytes")]
    public void HostileClaimCborIsClaimDecoding(string claim)
    {
        byte[] cbor = claim switch
        {
            "deep arrays" => [.. Enumerable.Repeat((byte)0x81, 100_000), 0x00],
            "deep maps" => [.. Enumerable.Range(0, 100_000).SelectMany(_ => new byte[] { 0xA1, 0x00 }), 0x00],
            _ => [.. Convert.FromHexString(claim.Replace(" ", "", StringComparison.Ordinal)), 0x00, 0x00],
        };
        var manifest = Superbox("c2ma", Label,
            Superbox("c2as", "c2pa.assertions"),
            Superbox("c2cl", "c2pa.claim.v2", Box("cbor", cbor)),
            Superbox("c2cs", "c2pa.signature", Box("cbor", [0xD2, 0x84, 0x40, 0xA0, 0xF6, 0x40])));

        var (result, _) = Bounded(PngFile.Carrying(StoreBox(manifest)), 64 * OneMegabyte);

        AssertRefused(result, ReadError.ClaimDecoding, "could not be decoded");
    }

    /// <summary>
    /// ISO BMFF size fields: 64-bit sizes of 2^64-1 and 2^32, a 32-bit size of 2^32-1, a largesize cut off by the end of
    /// the file, and the reserved sizes 2..7 (smaller than a header), each in a file of a few dozen bytes.
    /// </summary>
    [TestMethod]
    [DataRow("00000001 mdat FFFFFFFFFFFFFFFF", "declares")]
    [DataRow("00000001 mdat 0000000100000000", "declares")]
    [DataRow("FFFFFFFF mdat", "declares")]
    [DataRow("FFFFFFFF moov", "declares")]
    [DataRow("00000001 mdat 0000", "64-bit size is missing")]
    [DataRow("00000007 free", BmffTree.OutOfBoundsMessage)]
    public void HostileBmffSizesAreAnInvalidAsset(string box, string message)
    {
        var parts = box.Split(' ');
        byte[] header = [.. Convert.FromHexString(parts[0]), .. System.Text.Encoding.ASCII.GetBytes(parts[1]), .. parts.Length > 2 ? Convert.FromHexString(parts[2]) : []];
        byte[] ftyp = [0, 0, 0, 16, .. "ftypisom"u8, 0, 0, 0, 0];
        var file = (byte[])[.. ftyp, .. header, .. new byte[header.Length < 16 ? 0 : 16]];

        var (result, _) = Bounded(file, OneMegabyte);

        AssertRefused(result, ReadError.InvalidAsset, message);
    }

    private static void AssertRefused(ValidationResult result, ReadError error, string message)
    {
        Assert.AreEqual(ValidationState.Unreadable, result.State, result.Error);
        Assert.AreEqual(error, result.ErrorKind, result.Error);
        Assert.Contains(message, result.Error!);
    }

    /// <summary>Validates <paramref name="file"/> from memory, asserting it takes under 5 s and allocates under <paramref name="maxAllocated"/>.</summary>
    private static (ValidationResult Result, long Allocated) Bounded(byte[] file, long maxAllocated)
    {
        using var stream = new MemoryStream(file, writable: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = Reader.Validate(stream, "hostile", new VerifyOptions());
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"{result.State} {result.Error}: {allocated} bytes allocated, {clock.ElapsedMilliseconds} ms");
        Assert.IsLessThan(maxAllocated, allocated, $"a {file.Length}-byte file made the reader allocate {allocated} bytes");
        Assert.IsLessThan(5000, clock.ElapsedMilliseconds);
        return (result, allocated);
    }

    private static byte[] BigEndian32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    private static byte[] BigEndian64(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        return b;
    }
}
