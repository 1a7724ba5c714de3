using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Cose;

/// <summary>
/// Mutated and truncated copies of a real time-stamped signature: validation must end in statuses, or in one of the
/// read errors c2pa-rs also fails on (no COSE structure, no parseable signer certificate, an unknown algorithm), never in
/// another exception.
/// </summary>
[TestClass]
public sealed class ClaimSignatureFuzzTests
{
    [TestMethod]
    public void MutatedAndTruncatedSignaturesNeverThrow()
    {
        var input = Directory.EnumerateFiles(SharedFolder.Data, "*.jpg", SearchOption.AllDirectories)
            .OrderBy(f => new FileInfo(f).Length).First();
        var signed = Path.Combine(Oracle.TempDir(), "signed.jpg");
        Oracle.Instance.Sign(input, signed, "--tsa");
        var original = SignedClaim.FromFile(signed);
        var trust = SignedClaim.Trust(Oracle.Instance.RootPem);
        var cose = original.Cose.ToArray();
        var random = new Random(20261122);

        for (int i = 0; i < 400; i++)
        {
            var mutated = (byte[])cose.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
            }

            Run(original with { Cose = mutated }, trust);
        }

        for (int length = 0; length < cose.Length; length += 97)
        {
            Run(original with { Cose = cose[..length] }, trust);
        }
    }

    private static void Run(SignedClaim claim, Verifier.Provenance.Certificates.TrustSettings trust)
    {
        try
        {
            claim.Validate(trust);
        }
        catch (ProvenanceReadException e) when (e.Error is ReadError.UnknownAlgorithm or ReadError.CoseInvalid or ReadError.CoseInvalidCert)
        {
            // Read errors, as in c2pa-rs.
        }
    }
}
