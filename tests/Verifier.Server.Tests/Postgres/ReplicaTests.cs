using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests.Postgres;

/// <summary>Two service replicas on one PostgreSQL database, as behind a load balancer: one state, no matter who answers.</summary>
[TestClass]
public sealed class ReplicaTests
{
    [TestMethod]
    public async Task AnUploadToOneReplicaIsScannedByTheOtherAndSeenByBoth()
    {
        using var folder = new TempFolder();
        var model = ServiceHost.WriteModel(folder);
        var postgres = await PostgresCluster.NewDatabaseAsync();
        var key = ServiceHost.CreateKey(folder.File("keys"), postgres: postgres);
        // Separate local folders, as on separate machines: the upload reaches the scanning replica only through the database.
        await using var accepting = await ServiceHost.StartAsync(new ServerOptions { DataFolder = folder.File("a"), ModelPath = model, Postgres = postgres, Workers = 0 });
        await using var scanning = await ServiceHost.StartAsync(new ServerOptions { DataFolder = folder.File("b"), ModelPath = model, Postgres = postgres, Workers = 2 });
        using var toAccepting = accepting.Client(key);
        using var toScanning = scanning.Client(key);
        var still = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=64x64,format=rgb24");
        var clip = Ffmpeg.LosslessClip(folder.File("green.mp4"), "color=c=0x00FF00:s=64x64:r=10:d=1,format=rgb24");

        foreach (var (path, colour) in new[] { (still, ColourModel.Red), (clip, ColourModel.Green) })
        {
            var id = (await ApiCalls.SubmitAsync(toAccepting, path)).GetProperty("id").GetString()!;
            var done = await ApiCalls.WaitAsync(toScanning, id);
            Assert.AreEqual("done", done.GetProperty("status").GetString(), done.ToString());
            Assert.AreEqual(ColourModel.Probability(ColourModel.Logit(colour)), done.GetProperty("report").GetProperty("p_ai").GetDouble(), 1e-4);
            var seen = await ApiCalls.GetAsync(toAccepting, id);
            Assert.AreEqual(done.GetProperty("report").ToString(), seen.GetProperty("report").ToString(), "both replicas answer the same");
        }

        // The scanning replica's own upload of the same bytes reuses the stored result at once.
        var again = await ApiCalls.SubmitAsync(toScanning, still, "again.png");
        Assert.AreEqual("done", again.GetProperty("status").GetString());
        Assert.AreEqual(2L, await Stores.CountAsync(folder.File("c"), "results", postgres), "each content scanned once");
        Assert.AreEqual(3L, await Stores.CountAsync(folder.File("c"), "scans", postgres));
    }
}
