using System.Globalization;
using System.Text.RegularExpressions;
using Verifier.Cli;
using Verifier.Detector.Tests.Support;
using Verifier.Provenance;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary><c>verifier bench serve</c> on a small load: every upload accepted, none lost, the figures printed and consistent, no data left behind.</summary>
[TestClass]
public sealed partial class BenchServeTests
{
    [TestMethod]
    public void ASmallLoadIsAcceptedInFullWithFigures()
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var before = Leftovers();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = new CliApp(new CliContext(output, error, Reader.Validate, ansi: false))
            .Run(["bench", "serve", "--uploads", "40", "--clients", "4", "--size", "2", "--model", model]);

        var text = output.ToString();
        Assert.AreEqual(0, code, text + error);
        StringAssert.Contains(text, "uploads: 40 of 2 KB from 4 keep-alive clients");
        StringAssert.Contains(text, "workers off");
        StringAssert.Contains(text, "accepted: 40 (");
        StringAssert.Contains(text, "refused or failed: 0");
        StringAssert.Contains(text, "lost: none (all 80 ids");
        var latency = Latency().Match(text);
        Assert.IsTrue(latency.Success, text);
        var (p50, p95) = (double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(latency.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.IsTrue(p50 > 0 && p50 <= p95, text);
        CollectionAssert.AreEquivalent(before, Leftovers(), "the temporary data folder is removed");
    }

    [TestMethod]
    public async Task OverPostgresAndRabbitMqEveryAcceptedUploadIsScannedToDone()
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var (postgres, rabbitmq) = (await PostgresCluster.NewDatabaseAsync(), RabbitNode.NewVirtualHost());
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Task.Run(() => new CliApp(new CliContext(output, error, Reader.Validate, ansi: false))
            .Run(["bench", "serve", "--uploads", "12", "--clients", "3", "--size", "4", "--model", model, "--postgres", postgres, "--rabbitmq", rabbitmq]));

        var text = output.ToString();
        Assert.AreEqual(0, code, text + error);
        StringAssert.Contains(text, "PostgreSQL + RabbitMQ");
        StringAssert.Contains(text, "accepted: 12 (");
        StringAssert.Contains(text, "drained: 24 of 24 ids");
        StringAssert.Contains(text, "lost: none (every id given reached done)");
        Assert.AreEqual(24L, await Stores.CountAsync(folder.Path, "scans", postgres));
        Assert.AreEqual(24L, await Stores.CountAsync(folder.Path, "results", postgres), "distinct pictures, each scanned once");
    }

    [TestMethod]
    public void ABadLoadIsAUsageError()
    {
        var error = new StringWriter();
        var code = new CliApp(new CliContext(new StringWriter(), error, Reader.Validate, ansi: false)).Run(["bench", "serve", "--clients", "0"]);
        Assert.AreEqual(ExitCodes.Usage, code);
        StringAssert.Contains(error.ToString(), "--clients 0: must be 1..1024");

        error = new StringWriter();
        code = new CliApp(new CliContext(new StringWriter(), error, Reader.Validate, ansi: false)).Run(["bench", "serve", "--postgres", "Host=127.0.0.1"]);
        Assert.AreEqual(ExitCodes.Usage, code);
        StringAssert.Contains(error.ToString(), "--postgres and --rabbitmq: give both");
    }

    private static string[] Leftovers() => Directory.GetDirectories(Path.GetTempPath(), "verifier-bench-serve-*");

    [GeneratedRegex(@"latency: p50 ([0-9.]+) ms, p95 ([0-9.]+) ms")]
    private static partial Regex Latency();
}
