using Verifier.Provenance.Tests.Formats;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// Seeded mutations, each validated by both Verifier and c2pa-rs: the two should agree on state and failure set.
/// Opt-in (set <c>VERIFIER_DIFFERENTIAL</c> to the count per kind): the oracle takes about a second per file, and the
/// sweep still finds known differences (listed in the robustness report), so it is a local exploration tool.
/// </summary>
[TestClass]
public sealed class DifferentialTests
{
    private static readonly int PerKind =
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_DIFFERENTIAL"), out var n) && n > 0 ? n : 0;

    [TestMethod]
    [TestCategory("Differential")]
    [DataRow("png", 11, "flip", "truncate", "jumbf-length", "cbor")]
    [DataRow("jpg", 12, "flip", "truncate", "jumbf-length", "cbor")]
    public void MutationsAgreeWithC2paRs(string sample, int seed, params string[] kinds)
    {
        if (PerKind == 0)
        {
            Assert.Inconclusive("set VERIFIER_DIFFERENTIAL to run the differential sweep");
        }

        var target = MutationTarget.Load(SignedSamples.Path(sample));
        var mutator = new Mutator(target, new Random(seed));
        var trust = new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) };
        var disagreements = new List<string>();
        foreach (var kind in kinds)
        {
            for (int i = 0; i < PerKind; i++)
            {
                var mutation = mutator.Next(kind);
                var file = SignedSamples.NewPath($"{kind}-{i}-{target.Name}");
                File.WriteAllBytes(file, mutation.Bytes);
                var actual = ContractProbe.Check(file, mutation.What, trust);
                try
                {
                    Agreement.AssertSame(file, Oracle.Instance.Verify(file, "--trust", Oracle.Instance.RootPem), actual);
                }
                catch (AssertFailedException e)
                {
                    disagreements.Add($"{kind} #{i} ({mutation.What}): {e.Message}");
                }
            }
        }

        Assert.IsEmpty(disagreements, string.Join("\n\n", disagreements));
    }
}
