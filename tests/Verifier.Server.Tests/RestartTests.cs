using Verifier.Detector.Tests.Support;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Storage.Sqlite;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// Jobs live in the data folder, not in the process: a server stopped with jobs queued, and one left running as a crash
/// would leave it, is started again on the same folder and every job completes, each result written once.
/// </summary>
[TestClass]
public sealed class RestartTests
{
    [TestMethod]
    public async Task QueuedAndInterruptedJobsCompleteAfterARestart()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var model = ServiceHost.WriteModel(folder);
        var key = ServiceHost.CreateKey(data);
        var clip = Ffmpeg.LosslessClip(folder.File("red.mp4"), "color=c=0xFF0000:s=64x64:r=10:d=1,format=rgb24");
        var still = Ffmpeg.Still(folder.File("green.png"), "color=c=0x00FF00:s=32x32,format=rgb24");
        var ids = new List<string>();

        // No workers: the first server only accepts, so the jobs are certainly still queued when it stops.
        await using (var first = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Workers = 0 }))
        {
            using var client = first.Client(key);
            foreach (var (path, name) in new[] { (clip, "a.mp4"), (still, "b.png"), (clip, "c.mp4") })
            {
                ids.Add((await ApiCalls.SubmitAsync(client, path, name)).GetProperty("id").GetString()!);
            }

            // A worker that died mid-scan leaves its job running.
            Assert.IsNotNull(await new SqlJobStore(SqliteDatabase.Open(data)).TryClaimAsync(ids[0], CancellationToken.None));
            Assert.AreEqual("running", (await ApiCalls.GetAsync(client, ids[0])).GetProperty("status").GetString());
            Assert.AreEqual("queued", (await ApiCalls.GetAsync(client, ids[1])).GetProperty("status").GetString());
        }

        await using var second = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = model, Workers = 2 });
        using var again = second.Client(key);
        var reports = new List<System.Text.Json.JsonElement>();
        foreach (var id in ids)
        {
            var scan = await ApiCalls.WaitAsync(again, id);
            Assert.AreEqual("done", scan.GetProperty("status").GetString(), scan.ToString());
            reports.Add(scan.GetProperty("report"));
        }

        Assert.AreEqual(ColourModel.Verdict(ColourModel.Probability(ColourModel.Logit(ColourModel.Red))), reports[0].GetProperty("verdict").GetString());
        Assert.AreEqual(ColourModel.Verdict(ColourModel.Probability(ColourModel.Logit(ColourModel.Green))), reports[1].GetProperty("verdict").GetString());
        Assert.AreEqual(reports[0].GetProperty("analyzed_at").GetString(), reports[2].GetProperty("analyzed_at").GetString(), "one scan for the two identical clips");
        Assert.AreEqual(2L, await Stores.CountAsync(data, "results"), "one result per content, none written twice");
    }
}
