using System.Globalization;
using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary><c>verifier bench detector</c> times the shipped model in ONNX Runtime and in its TorchSharp twin.</summary>
[TestClass]
public sealed class BenchDetectorCommandTests
{
    [TestMethod]
    public void BothEnginesGetAPositiveRateAndFramesFollowFromTiles()
    {
        var run = new CliRun().Run("bench", "detector", "--device", "cpu", "--batch", "2", "--seconds", "0.2", "--threads", "1");

        Assert.AreEqual(ExitCodes.Trusted, run.ExitCode, run.Output + run.Error);
        StringAssert.Contains(run.Output, "16 tiles a frame");
        var rows = run.Output.Split('\n').Where(l => l.StartsWith("| onnxruntime", StringComparison.Ordinal) || l.StartsWith("| torchsharp", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToArray();
        CollectionAssert.AreEqual(new[] { "onnxruntime cpu fp32", "torchsharp cpu fp32" }, rows.Select(r => r[1]).ToArray());
        foreach (var row in rows)
        {
            var (tiles, frames) = (double.Parse(row[2], NumberStyles.Number, CultureInfo.InvariantCulture), double.Parse(row[3], NumberStyles.Number, CultureInfo.InvariantCulture));
            Assert.IsTrue(tiles > 0, string.Join('|', row));
            Assert.AreEqual(tiles / 16, frames, 1, string.Join('|', row));
        }
    }

    [TestMethod]
    public void ABadBatchOrModelIsAUsageError()
    {
        Assert.AreEqual(ExitCodes.Usage, new CliRun().Run("bench", "detector", "--batch", "0").ExitCode);
        var missing = Path.Combine(Temp.Dir(), "none.onnx");
        var run = new CliRun().Run("bench", "detector", "--model", missing);
        Assert.AreEqual(ExitCodes.Usage, run.ExitCode, run.Output + run.Error);
        StringAssert.Contains(run.Error, "none.onnx");
    }
}
