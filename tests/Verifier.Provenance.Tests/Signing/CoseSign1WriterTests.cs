using Verifier.Provenance.Cbor;
using Verifier.Provenance.Cose;
using Verifier.Provenance.Signing;

namespace Verifier.Provenance.Tests.Signing;

/// <summary>The COSE_Sign1 writer: exactly the reserved size for every size around the length-prefix jumps, and a structure the reader takes.</summary>
[TestClass]
public sealed class CoseSign1WriterTests
{
    [TestMethod]
    public void EveryAlgorithmFillsExactlyTheReservedSize()
    {
        foreach (var alg in new[] { "es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519" })
        {
            var signer = SignedBy.Signer(alg);
            int reserved = CoseSign1Writer.ReserveSize(signer, timeStamped: false);
            var cose = CoseSign1Writer.Sign(signer, null, "claim bytes"u8, reserved);
            Assert.AreEqual(reserved, cose.Length, alg);
        }
    }

    /// <summary>Sizes where one pad cannot land (its bstr prefix grows at 24 and 256 bytes) need pad2.</summary>
    [TestMethod]
    public void SizesAcrossPadPrefixJumpsAreReached()
    {
        var signer = SignedBy.Signer("ed25519");
        var padded = CoseSign1Writer.Sign(signer, null, "claim"u8, 2000);
        int pad = CborNode.Decode(padded).Untagged.Items[1]["pad"]!.Bytes!.Value.Length;
        int bare = 2000 - pad - 3 - 4; // the pad's 3-byte prefix (256 and up) and its "pad" key
        for (int size = bare + 5; size < bare + 300; size++)
        {
            Assert.AreEqual(size, CoseSign1Writer.Sign(signer, null, "claim"u8, size).Length, $"size {size} (bare {bare})");
        }
    }

    [TestMethod]
    public void TimeStampTokenGoesInSigTst2OverTheCounterSignature()
    {
        var signer = SignedBy.Signer("es256");
        var stamper = new RecordingStamper();
        var cose = CoseSign1Writer.Sign(signer, stamper, "claim"u8, CoseSign1Writer.ReserveSize(signer, timeStamped: true));
        var sign1 = CborNode.Decode(cose).Untagged;
        var token = sign1.Items[1]["sigTst2"]?["tstTokens"]?.Items[0]["val"]?.Bytes;
        CollectionAssert.AreEqual(RecordingStamper.Token, token?.ToArray());
        var expected = CoseSign1Writer.TimeStampedData(sign1.Items[0].Bytes!.Value.Span, sign1.Items[3].Bytes!.Value.Span);
        CollectionAssert.AreEqual(expected, stamper.Stamped);
        Assert.AreEqual("CounterSignature", CborNode.Decode(expected).Items[0].Text);
    }

    [TestMethod]
    public void ProtectedHeaderCarriesAlgAndChain()
    {
        var signer = SignedBy.Signer("ps384");
        var header = CborNode.Decode(CoseSign1Writer.ProtectedHeader(signer.Algorithm, signer.CertificateChain));
        Assert.AreEqual(-38L, header[1]?.Int64);
        Assert.AreEqual(signer.CertificateChain.Count, header[33]?.Items.Count);
    }

    private sealed class RecordingStamper : ITimeStamper
    {
        public static readonly byte[] Token = [0x30, 0x03, 0x02, 0x01, 0x07];

        public byte[]? Stamped { get; private set; }

        public byte[] Stamp(ReadOnlySpan<byte> data)
        {
            Stamped = data.ToArray();
            return Token;
        }
    }
}
