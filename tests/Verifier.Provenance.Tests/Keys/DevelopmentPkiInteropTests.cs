using Verifier.Provenance.Cose;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Keys;

/// <summary>
/// c2pa-rs accepts what <c>keys init</c> writes: the oracle signs a JPEG with chain.pem + signer.key (and, with
/// <c>--tsa</c>, time-stamps with tsa.pem + tsa.key), and both c2pa-rs and Verifier call it Trusted under root.pem.
/// </summary>
[TestClass]
public sealed class DevelopmentPkiInteropTests
{
    private static readonly string Jpeg = Path.Combine(SharedFolder.Data, "real", "image", "facerec_alex_lacamoire.jpg");

    public static IEnumerable<object[]> Cases() =>
        Enum.GetValues<CoseAlgorithm>().Select(a => new object[] { a, false }).Append([CoseAlgorithm.Es256, true]).Append([CoseAlgorithm.Ps256, true]);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void OracleSignsWithTheDevelopmentKeysAndBothSidesTrustIt(CoseAlgorithm alg, bool tsa)
    {
        var dir = Oracle.TempDir();
        DevelopmentPkiFiles.Write(DevelopmentPkis.For(alg), dir, force: false);
        var signed = Path.Combine(dir, "signed.jpg");
        string[] options = tsa ? ["--certs", dir, "--alg", alg.CliName(), "--tsa"] : ["--certs", dir, "--alg", alg.CliName()];
        Oracle.Instance.Sign(Jpeg, signed, options);

        var root = Path.Combine(dir, DevelopmentPkiFiles.Root);
        var c2paRs = Oracle.Instance.Verify(signed, "--trust", root);
        Assert.AreEqual("Trusted", (string?)c2paRs["validation_state"], c2paRs.ToJsonString());
        var ours = Reader.Validate(signed, new VerifyOptions { Trust = TestTrust.Anchors(root) });
        Assert.AreEqual(ValidationState.Trusted, ours.State, string.Join("; ", ours.Statuses.Select(s => $"{s.Code}: {s.Explanation}")));
        if (tsa)
        {
            Assert.IsTrue(ours.Statuses.Any(s => s.Code == ValidationCodes.TimeStampTrusted), "the development TSA is trusted under root.pem");
        }
    }
}
