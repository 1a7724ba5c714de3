using System.Diagnostics;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests.ScaleOut;

/// <summary>
/// The scaled-out service for real: an API replica that only accepts (no workers of its own), <c>verifier worker</c>
/// processes, PostgreSQL (<see cref="PostgresCluster"/>) and RabbitMQ (<see cref="RabbitNode"/>, a private node).
/// </summary>
[TestClass]
public sealed class WorkerTests
{
    [TestMethod]
    public async Task TwoWorkerProcessesScanWhatTheApiAcceptedEachOnce()
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var (postgres, rabbitmq) = (await PostgresCluster.NewDatabaseAsync(), RabbitNode.NewVirtualHost());
        var key = ServiceHost.CreateKey(folder.File("api"), postgres: postgres);
        await using var api = await ServiceHost.StartAsync(new ServerOptions { DataFolder = folder.File("api"), ModelPath = model, Postgres = postgres, RabbitMq = rabbitmq, Workers = 0 });
        using var first = new WorkerProcess(postgres, rabbitmq, model, folder.File("w1"), 60);
        using var second = new WorkerProcess(postgres, rabbitmq, model, folder.File("w2"), 60);
        using var client = api.Client(key);
        var files = new[]
        {
            (Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=64x64,format=rgb24"), ColourModel.Red),
            (Ffmpeg.Still(folder.File("green.png"), "color=c=0x00FF00:s=64x64,format=rgb24"), ColourModel.Green),
            (Ffmpeg.LosslessClip(folder.File("blue.mp4"), "color=c=0x0000FF:s=64x64:r=10:d=1,format=rgb24"), ColourModel.Blue),
        };

        var ids = new List<(string Id, double[] Colour)>();
        foreach (var (path, colour) in files)
        {
            ids.Add(((await ApiCalls.SubmitAsync(client, path)).GetProperty("id").GetString()!, colour));
        }

        foreach (var (id, colour) in ids)
        {
            var done = await ApiCalls.WaitAsync(client, id);
            Assert.AreEqual("done", done.GetProperty("status").GetString(), $"{done}\nworker 1:\n{first.Output}\nworker 2:\n{second.Output}");
            Assert.AreEqual(ColourModel.Probability(ColourModel.Logit(colour)), done.GetProperty("report").GetProperty("p_ai").GetDouble(), 1e-4);
        }

        Assert.AreEqual(3L, await Stores.CountAsync(folder.File("look"), "results", postgres), "each file scanned once");
    }

    [TestMethod]
    public async Task AWorkerKilledMidScanHasItsJobRedeliveredAndCompletedOnce()
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var (postgres, rabbitmq) = (await PostgresCluster.NewDatabaseAsync(), RabbitNode.NewVirtualHost());
        var key = ServiceHost.CreateKey(folder.File("api"), postgres: postgres);
        await using var api = await ServiceHost.StartAsync(new ServerOptions { DataFolder = folder.File("api"), ModelPath = model, Postgres = postgres, RabbitMq = rabbitmq, Workers = 0 });
        using var client = api.Client(key);
        // Slow to scan by size alone (many 32-pixel tiles per sampled frame): no delay hook in the product.
        var clip = folder.File("long.mp4");
        Ffmpeg.Animation(clip, "testsrc2=s=1280x720:r=25:d=10,format=yuv420p");
        var id = (await ApiCalls.SubmitAsync(client, clip)).GetProperty("id").GetString()!;

        using var doomed = new WorkerProcess(postgres, rabbitmq, model, folder.File("w1"), 3);
        var deadline = Stopwatch.StartNew();
        while ((await ApiCalls.GetAsync(client, id)).GetProperty("status").GetString() != "running")
        {
            Assert.IsLessThan(60, deadline.Elapsed.TotalSeconds, $"the worker did not start the scan in 60 s:\n{doomed.Output}");
            await Task.Delay(100);
        }

        await Task.Delay(300);
        doomed.KillHard();
        Assert.AreEqual("running", (await ApiCalls.GetAsync(client, id)).GetProperty("status").GetString(), "killed mid-scan, before it stored anything");
        Assert.AreEqual(0L, await Stores.CountAsync(folder.File("look"), "results", postgres));

        using var survivor = new WorkerProcess(postgres, rabbitmq, model, folder.File("w2"), 3);
        var done = await ApiCalls.WaitAsync(client, id);
        Assert.AreEqual("done", done.GetProperty("status").GetString(), $"{done}\nsurvivor:\n{survivor.Output}");
        Assert.AreEqual(1L, await Stores.CountAsync(folder.File("look"), "results", postgres), "one result");
        Assert.AreEqual(1L, await Stores.CountAsync(folder.File("look"), "scans", postgres));
    }
}
