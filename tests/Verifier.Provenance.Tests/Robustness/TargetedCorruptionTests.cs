using System.Buffers.Binary;
using Verifier.Provenance.Tests.Formats;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// Single, named corruptions of an oracle-signed PNG (with a 2000-byte filler assertion), each checked against
/// c2pa-rs's verdict on the same bytes and, where the brief names one, against the exact state and code.
/// </summary>
[TestClass]
public sealed class TargetedCorruptionTests
{
    private static readonly Lazy<string> Signed = new(() =>
    {
        var signed = SignedSamples.NewPath("filler.png");
        Oracle.Instance.Sign(SharedFolder.Fixture("libpng-test.png"), signed, "--filler", "2000");
        return signed;
    });

    [TestMethod]
    public void AlteredAssertionBytesAreAHashedUriMismatch()
    {
        var result = Agrees("assertion", (t, bytes) =>
        {
            var filler = t.ContentOf(l => l == "org.c2pa-ref.filler").Single();
            bytes[t.StoreOffset + (int)filler.Offset + filler.Whole.Length - 1] ^= 1; // still valid CBOR text
            return bytes;
        });
        Assert.AreEqual(ValidationState.Invalid, result.State);
        CollectionAssert.Contains(result.Codes(StatusKind.Failure).ToList(), ValidationCodes.AssertionHashedUriMismatch);
    }

    [TestMethod]
    [DataRow((byte)0xFF, DisplayName = "claim starts with a break byte")]
    [DataRow((byte)0x61, DisplayName = "claim is a one-byte text followed by trailing data")]
    [DataRow((byte)0x9B, DisplayName = "claim is an array with a 64-bit length")]
    public void GarbledClaimCborIsClaimDecoding(byte first)
    {
        var result = Agrees("claim", (t, bytes) =>
        {
            var claim = t.ContentOf(l => l.StartsWith("c2pa.claim", StringComparison.Ordinal)).Single();
            bytes[t.StoreOffset + (int)claim.Offset + claim.HeaderLength] = first;
            return bytes;
        });
        Assert.AreEqual(ValidationState.Unreadable, result.State);
        Assert.AreEqual(ReadError.ClaimDecoding, result.ErrorKind, result.Error);
    }

    /// <summary>
    /// A superbox whose LBox overruns the end of the store (the store's own, or the last manifest's signature box):
    /// c2pa-rs reads it to the end of the data, and so must Verifier.
    /// </summary>
    [TestMethod]
    [DataRow("c2pa", 1)]
    [DataRow("c2pa.signature", 50)]
    public void SuperboxOverrunningTheStoreEndIsReadToTheEnd(string label, int extra)
    {
        var result = Agrees("overrun", (t, bytes) =>
        {
            var box = t.Boxes.Last(b => b.IsSuperbox && b.Label == label);
            int at = t.StoreOffset + (int)box.Offset;
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)(box.Whole.Length + extra));
            return bytes;
        });
        Assert.AreNotEqual(ValidationState.Unreadable, result.State, result.Error);
    }

    /// <summary>LBox 0 ("to the end" in ISO BMFF) is a bad JUMBF header for c2pa-rs, on a content box or a superbox.</summary>
    [TestMethod]
    [DataRow("c2pa.hash.data", true)]
    [DataRow("c2pa.claim.v2", false)]
    [DataRow("c2pa.signature", false)]
    public void ZeroLBoxIsJumbfParseError(string label, bool content)
    {
        var result = Agrees("lbox0", (t, bytes) =>
        {
            var box = t.Boxes.Last(b => b.IsSuperbox && b.Label == label);
            int at = t.StoreOffset + (int)(content ? box.Content!.Offset : box.Offset);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), 0);
            return bytes;
        });
        Assert.AreEqual(ValidationState.Unreadable, result.State);
        Assert.AreEqual(ReadError.JumbfParseError, result.ErrorKind, result.Error);
    }

    /// <summary>A byte of the claim's instanceID text made invalid UTF-8 (the CBOR stays well-formed).</summary>
    [TestMethod]
    public void ClaimTextThatIsNotUtf8IsClaimDecoding()
    {
        var result = Agrees("claim-utf8", (t, bytes) =>
        {
            var claim = t.ContentOf(l => l.StartsWith("c2pa.claim", StringComparison.Ordinal)).Single();
            int start = t.StoreOffset + (int)claim.Offset + claim.HeaderLength;
            int iid = bytes.AsSpan(start, claim.Payload.Length).IndexOf("xmp:iid:"u8);
            bytes[start + iid + 8] = 0xFD;
            return bytes;
        });
        Assert.AreEqual(ValidationState.Unreadable, result.State);
        Assert.AreEqual(ReadError.ClaimDecoding, result.ErrorKind, result.Error);
    }

    /// <summary>The PNG chunk is shortened with the store (CRC recomputed), so only the JUMBF is short.</summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(100)]
    [DataRow(3000)]
    public void TruncatedStoreIsJumbfParseError(int cut)
    {
        var result = Agrees("truncated", (t, bytes) =>
        {
            int chunk = t.StoreOffset - 8;
            int length = t.StoreLength - cut;
            var data = bytes.AsSpan(chunk + 4, 4 + length);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(chunk), (uint)length);
            byte[] crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, PngFile.Crc(data));
            return [.. bytes.AsSpan(0, chunk + 8 + length), .. crc, .. bytes.AsSpan(t.StoreOffset + t.StoreLength + 4)];
        });
        Assert.AreEqual(ValidationState.Unreadable, result.State);
        Assert.AreEqual(ReadError.JumbfParseError, result.ErrorKind, result.Error);
    }

    /// <summary>
    /// COSE_Sign1 framing broken in place. c2pa-rs 0.91.3 refuses the whole file (<c>CoseTimeStampGeneration</c>, raised
    /// while it reads the signature's time stamp for the manifest report); Verifier refuses it too (CoseInvalid).
    /// </summary>
    [TestMethod]
    [DataRow(0, (byte)0xD1, DisplayName = "COSE tag 17 (COSE_Mac0) instead of 18")]
    [DataRow(1, (byte)0x83, DisplayName = "COSE array of 3")]
    [DataRow(1, (byte)0x85, DisplayName = "COSE array of 5")]
    [DataRow(2, (byte)0x79, DisplayName = "COSE protected header a text string")]
    public void GarbledCoseFailsTheFile(int at, byte value) =>
        RefusedByBoth("cose", "CoseTimeStampGeneration", ReadError.CoseInvalid, (t, bytes) =>
        {
            var signature = t.ContentOf(l => l == "c2pa.signature").Single();
            bytes[t.StoreOffset + (int)signature.Offset + signature.HeaderLength + at] = value;
            return bytes;
        });

    /// <summary>c2pa-rs refuses the file (<c>CoseInvalidCert</c>), and so does Verifier.</summary>
    [TestMethod]
    [DataRow(0, DisplayName = "x5chain certificate's outer SEQUENCE tag")]
    [DataRow(5, DisplayName = "x5chain certificate's TBS length")]
    [DataRow(200, DisplayName = "x5chain certificate's issuer")]
    public void GarbageX5ChainCertificateFailsTheFile(int into) =>
        RefusedByBoth("x5chain", "CoseInvalidCert", ReadError.CoseInvalidCert, (t, bytes) =>
        {
            var signature = t.ContentOf(l => l == "c2pa.signature").Single();
            int start = t.StoreOffset + (int)signature.Offset + signature.HeaderLength;
            int cert = bytes.AsSpan(start, signature.Payload.Length).IndexOf((ReadOnlySpan<byte>)[0x30, 0x82]);
            bytes[start + cert + into] ^= 0x5A;
            return bytes;
        });

    private static ValidationResult Agrees(string name, Func<MutationTarget, byte[], byte[]> edit)
    {
        var (file, actual) = Edit(name, edit);
        Agreement.AssertSame(file, Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem), actual);
        return actual;
    }

    /// <summary>c2pa-rs gives the read error <paramref name="oracleError"/>; Verifier must refuse the file the same way.</summary>
    private static void RefusedByBoth(string name, string oracleError, ReadError expected, Func<MutationTarget, byte[], byte[]> edit)
    {
        var (file, actual) = Edit(name, edit);
        StringAssert.Contains(Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem)["error"]?.GetValue<string>(), oracleError);
        Assert.AreEqual(ValidationState.Unreadable, actual.State, Agreement.Describe(actual));
        Assert.AreEqual(expected, actual.ErrorKind, Agreement.Describe(actual));
    }

    private static (string File, ValidationResult Result) Edit(string name, Func<MutationTarget, byte[], byte[]> edit)
    {
        var target = MutationTarget.Load(Signed.Value);
        var file = SignedSamples.NewPath(name + ".png");
        File.WriteAllBytes(file, edit(target, (byte[])target.Bytes.Clone()));
        return (file, ContractProbe.Check(file, name, new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) }));
    }
}
