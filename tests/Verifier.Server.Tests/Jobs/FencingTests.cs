using Verifier.Detector.Scanning;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Jobs;
using Verifier.Server.Storage;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Storage.Sqlite;
using Verifier.Server.Telemetry;
using Verifier.Server.Tests.Support;
using Verifier.Server.Webhooks;

namespace Verifier.Server.Tests.Jobs;

/// <summary>
/// Fencing tokens: a worker whose lease ran out while it stalled, and whose job another worker claimed, cannot write its
/// late outcome over the other's, in the store (both backends) and through the job runner (which logs the refusal).
/// </summary>
[TestClass]
public sealed class FencingTests
{
    // Long enough that "the lease holds" stays true between two calls on a loaded machine; short enough to wait out.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task AStaleClaimWritesNothingAndTheNewClaimWritesOnce(string backend)
    {
        using var folder = new TempFolder();
        await using var database = await IStoreDatabase.OpenAsync(folder.Path, await Backends.ConnectionAsync(backend), CancellationToken.None);
        var key = await new SqlApiKeyStore(database, new SqlAuditLog(database)).CreateAsync("k", CancellationToken.None);
        var jobs = new SqlJobStore(database, Lease);
        var sha = new string('e', 64);
        var job = await jobs.AddAsync(new NewScanJob(key.Id, "e.png", sha, 1, null, null), null, CancellationToken.None);

        var stalled = await jobs.TryClaimAsync(job.Id, CancellationToken.None);
        Assert.IsNotNull(stalled);
        Assert.IsNull(await jobs.TryClaimAsync(job.Id, CancellationToken.None), "the lease holds");
        await Task.Delay(Lease + TimeSpan.FromMilliseconds(300));
        var taker = await jobs.TryClaimAsync(job.Id, CancellationToken.None);
        Assert.IsNotNull(taker, "a lease that ran out is claimed again");
        Assert.IsGreaterThan(stalled.Token, taker.Token, "each claim takes a larger token");

        // Two distinct results (two model hashes), so the job's result id says whose write landed.
        var late = await jobs.AddResultAsync(new ScanResult(0, sha, "stale-model", "{}", [], "c"), CancellationToken.None);
        var current = await jobs.AddResultAsync(new ScanResult(0, sha, "current-model", "{}", [], "c"), CancellationToken.None);
        Assert.IsFalse(await jobs.RenewAsync(stalled, CancellationToken.None), "the stalled worker cannot renew");
        Assert.IsFalse(await jobs.CompleteAsync(stalled, late.Id, CancellationToken.None), "the job is still running, but under another claim");
        Assert.IsFalse(await jobs.FailAsync(stalled, "late failure", CancellationToken.None));
        Assert.AreEqual((ScanStatus.Running, (long?)null, (string?)null), Shape(await jobs.FindAsync(job.Id, CancellationToken.None)));

        Assert.IsTrue(await jobs.RenewAsync(taker, CancellationToken.None));
        Assert.IsTrue(await jobs.CompleteAsync(taker, current.Id, CancellationToken.None));
        Assert.IsFalse(await jobs.CompleteAsync(taker, late.Id, CancellationToken.None), "written once");
        Assert.IsFalse(await jobs.CompleteAsync(stalled, late.Id, CancellationToken.None));
        Assert.AreEqual((ScanStatus.Done, (long?)current.Id, (string?)null), Shape(await jobs.FindAsync(job.Id, CancellationToken.None)));
    }

    [TestMethod]
    public async Task AWorkerThatStalledPastItsLeaseHasItsResultRefusedAndLogged()
    {
        using var folder = new TempFolder();
        var database = SqliteDatabase.Open(folder.Path);
        var key = await new SqlApiKeyStore(database, new SqlAuditLog(database)).CreateAsync("k", CancellationToken.None);
        var blobs = new FileBlobStore(folder.Path);
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");
        var sha = await blobs.AddAsync(await File.ReadAllBytesAsync(png), CancellationToken.None);
        var jobs = new SqlJobStore(database, Lease);
        var job = await jobs.AddAsync(new NewScanJob(key.Id, "red.png", sha, new FileInfo(png).Length, null, null), null, CancellationToken.None);
        using var engine = await ScanEngine.LoadAsync(ServiceHost.WriteModel(folder), new ScanOptions(), CancellationToken.None);
        using var metrics = new ServiceMetrics(jobs);
        var outbox = new WebhookOutbox(new SqlWebhookStore(database));

        // The stalled worker: paused inside its scan, and cut off from the store's lease renewals (as a GC pause or a
        // network partition does both).
        var stalledBlobs = new PausingBlobStore(blobs);
        var stalledLog = new RecordingLogger<ScanJobRunner>();
        var stalled = new ScanJobRunner(new UnrenewedJobStore(jobs), stalledBlobs, engine, outbox, metrics, stalledLog).RunAsync(job.Id, false, CancellationToken.None);
        await stalledBlobs.Paused;
        await Task.Delay(Lease + TimeSpan.FromMilliseconds(300));

        // The second worker claims the job and is mid-scan (paused too) when the stalled one comes back and finishes.
        var takerBlobs = new PausingBlobStore(blobs);
        var takerLog = new RecordingLogger<ScanJobRunner>();
        var taker = new ScanJobRunner(jobs, takerBlobs, engine, outbox, metrics, takerLog).RunAsync(job.Id, false, CancellationToken.None);
        await takerBlobs.Paused;
        stalledBlobs.Resume();
        await stalled;
        Assert.AreEqual(ScanStatus.Running, (await jobs.FindAsync(job.Id, CancellationToken.None))!.Status, "the stalled worker's outcome was not written");
        Assert.IsTrue(stalledLog.Warnings.Any(w => w.Contains("not written", StringComparison.Ordinal) && w.Contains("stale", StringComparison.Ordinal)),
            string.Join('\n', stalledLog.Warnings));

        takerBlobs.Resume();
        await taker;
        var done = (await jobs.FindAsync(job.Id, CancellationToken.None))!;
        Assert.AreEqual(ScanStatus.Done, done.Status);
        Assert.IsEmpty(takerLog.Warnings, string.Join('\n', takerLog.Warnings));
        Assert.AreEqual(1L, await Stores.CountAsync(folder.Path, "results"), "one result, written once");
        Assert.AreEqual(done.ResultId, (await jobs.FindResultAsync(sha, engine.ModelSha256, CancellationToken.None))!.Id);
    }

    private static (ScanStatus, long?, string?) Shape(ScanJob? job) => (job!.Status, job.ResultId, job.Error);
}
