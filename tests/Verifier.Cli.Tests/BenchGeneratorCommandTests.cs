using System.Globalization;
using System.Text.Json;
using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary><c>verifier bench generator --config tiny</c> runs, prints positive rates and each optimiser's step phases, and writes the twin's configuration.</summary>
[TestClass]
public sealed class BenchGeneratorCommandTests
{
    [TestMethod]
    public void TheTinyBenchPrintsPositiveRatesAndWritesItsConfig()
    {
        var config = Path.Combine(Temp.Dir(), "bench.json");

        var run = new CliRun().Run("bench", "generator", "--config", "tiny", "--device", "cpu", "--threads", "1", "--write-config", config);

        Assert.AreEqual(ExitCodes.Trusted, run.ExitCode, run.Output + run.Error);
        var row = run.Output.Split('\n').Single(l => l.StartsWith("| cpu", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        var rates = row[2..5].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.IsTrue(rates.All(r => r > 0 && double.IsFinite(r)), string.Join(", ", rates));

        using var json = JsonDocument.Parse(File.ReadAllText(config));
        Assert.AreEqual(32, json.RootElement.GetProperty("model").GetProperty("size").GetInt32());
        Assert.AreEqual(4, json.RootElement.GetProperty("batch_size").GetInt32());
        Assert.IsTrue(json.RootElement.GetProperty("transformer_parameters").GetInt64() > 0);

        // Both optimisers' phases, each a positive time whose parts add up to its total.
        var phases = run.Output.Split('\n').Where(l => l.StartsWith("| AdamW", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(2, phases, run.Output);
        foreach (var phase in phases)
        {
            var cells = phase.Split('|', StringSplitOptions.TrimEntries);
            var ms = cells[2..6].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.IsTrue(ms.All(v => v > 0), phase);
            Assert.AreEqual(ms[3], ms[0] + ms[1] + ms[2], 0.02, phase);

            // Steps on one fixed batch must lower its loss.
            var loss = cells[6].Split("->", StringSplitOptions.TrimEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.IsTrue(loss[1] < loss[0], phase);
        }
    }

    [TestMethod]
    public void AnUnknownConfigIsAUsageError()
    {
        var run = new CliRun().Run("bench", "generator", "--config", "huge");

        Assert.AreEqual(ExitCodes.Usage, run.ExitCode, run.Output + run.Error);
    }
}
