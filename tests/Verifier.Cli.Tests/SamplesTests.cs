using System.Text.Json;
using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>
/// The samples the README points to, end to end through <c>./verifier</c>: every committed sample must get the state and the
/// failure set c2pa-rs gave it (<c>samples/EXPECTED.tsv</c>, written by <c>samples/make-samples.sh</c> from the oracle).
/// </summary>
[TestClass]
public sealed class SamplesTests
{
    [TestMethod]
    public void SamplesFolderIsWhatTheReadmeSays()
    {
        var expected = Expected();

        CollectionAssert.AreEquivalent(
            expected.Keys.ToArray(),
            Inputs.MediaFiles.Expand([RepoRoot.Samples]).Select(Path.GetFileName).ToArray(),
            "samples/EXPECTED.tsv lists exactly the media files in samples/");
        Assert.IsTrue(Directory.EnumerateFiles(RepoRoot.Samples, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) < 3 * 1024 * 1024, "samples/ stays under 3 MB");
        Assert.IsFalse(
            Directory.EnumerateFiles(RepoRoot.Samples, "*", SearchOption.AllDirectories).Any(f => File.ReadAllText(f).Contains("PRIVATE KEY", StringComparison.Ordinal)),
            "no private key is committed");
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void VerifyingTheSamplesMatchesC2paRs()
    {
        var (exitCode, output, error) = Launcher.Run(RepoRoot.Path, "verify", "--json", "--trust", "samples/root.pem", "samples/");

        var expected = Expected();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(expected.Count, lines.Length, error);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var name = Path.GetFileName(json.RootElement.GetProperty("file").GetString()!);
            var (state, failure) = expected[name];
            Assert.AreEqual(state, json.RootElement.GetProperty("validation_state").GetString(), name);
            CollectionAssert.AreEquivalent(
                failure,
                json.RootElement.GetProperty("status").GetProperty("failure").EnumerateArray().Select(e => e.GetString()).ToArray(),
                name);
        }

        Assert.AreEqual(2, exitCode, "tampered.jpg is Invalid, the rest Trusted: the worst state wins");
    }

    /// <summary>The samples command the README's quick start points to: the signed samples, all Trusted, so it exits 0.</summary>
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void QuickStartCommandTrustsEverySignedSample()
    {
        var (exitCode, output, error) = Launcher.Run(RepoRoot.Path, "verify", "--trust", "samples/root.pem", "samples/signed/");

        Assert.AreEqual(0, exitCode, output + error);
        Assert.AreEqual(5, output.Split('\n').Count(l => l.Contains(": Trusted: signed by", StringComparison.Ordinal)), output);
    }

    private static Dictionary<string, (string State, string[] Failure)> Expected() =>
        File.ReadAllLines(Path.Combine(RepoRoot.Samples, "EXPECTED.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => (f[1], f[2].Split(',', StringSplitOptions.RemoveEmptyEntries)));
}
