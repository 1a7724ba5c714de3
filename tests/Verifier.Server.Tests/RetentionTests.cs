using System.Security.Cryptography;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Storage;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// Retention: expired jobs, unused results and unreferenced blobs go, over both stores (files + SQLite, large objects +
/// PostgreSQL); whatever a live job or a stored result names stays; a new upload racing the sweep keeps its blob.
/// </summary>
[TestClass]
public sealed class RetentionTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task OnlyWhatNothingLiveNamesIsDeleted(string backend)
    {
        using var folder = new TempFolder();
        await using var storage = await ServiceStorage.OpenAsync(folder.Path, await Backends.ConnectionAsync(backend), CancellationToken.None);
        var (jobs, blobs) = (storage.Jobs(TimeSpan.FromMinutes(1)), storage.Blobs);
        var key = (await storage.ApiKeys().CreateAsync("k", CancellationToken.None)).Id;
        var card = await AddAsync(blobs);

        var queuedUpload = await AddAsync(blobs);
        var queued = await jobs.AddAsync(new NewScanJob(key, "queued.png", queuedUpload, 1, null, null), null, CancellationToken.None);
        var (doneUpload, donePicture) = (await AddAsync(blobs), await AddAsync(blobs));
        var done = await EndAsync(jobs, key, doneUpload, Result(doneUpload, donePicture, card));
        var failedUpload = await AddAsync(blobs);
        var failed = await EndAsync(jobs, key, failedUpload, null);
        var (oldUpload, oldPicture) = (await AddAsync(blobs), await AddAsync(blobs));
        var old = await EndAsync(jobs, key, oldUpload, Result(oldUpload, oldPicture, card));
        var orphan = await AddAsync(blobs);
        // The old job ended, and its result was last used, 31 days ago.
        var longAgo = StoreTime.Time(DateTimeOffset.UtcNow - Retention - TimeSpan.FromDays(1));
        await ExecuteAsync(storage.Database, "UPDATE scans SET updated_at = @t WHERE id = @id", ("@t", longAgo), ("@id", old.Id));
        await ExecuteAsync(storage.Database, "UPDATE results SET used_at = @t WHERE id = @id", ("@t", longAgo), ("@id", old.ResultId));

        // Two hours on: every blob is past its grace; only the old job is past the retention.
        var sweep = new RetentionSweep(storage.Database, blobs, Retention, Grace);
        var removed = await sweep.RunAsync(DateTimeOffset.UtcNow + 2 * Grace, CancellationToken.None);

        Assert.AreEqual(new SweepCounts(1, 1, 4), removed, "the old job and its result; the failed upload, the orphan, the old upload and its picture");
        Assert.IsNull(await jobs.FindAsync(old.Id, CancellationToken.None));
        Assert.IsNull(await jobs.FindResultAsync(old.ResultId!.Value, CancellationToken.None));
        foreach (var id in new[] { queued.Id, done.Id, failed.Id })
        {
            Assert.IsNotNull(await jobs.FindAsync(id, CancellationToken.None), "a job within retention stays, failed or not");
        }

        foreach (var kept in new[] { queuedUpload, doneUpload, donePicture, card })
        {
            Assert.AreEqual(kept, Convert.ToHexStringLower(SHA256.HashData(await blobs.ReadAllBytesAsync(kept, CancellationToken.None))));
        }

        foreach (var gone in new[] { failedUpload, orphan, oldUpload, oldPicture })
        {
            await Assert.ThrowsAsync<FileNotFoundException>(() => blobs.ReadAllBytesAsync(gone, CancellationToken.None), gone);
        }

        Assert.AreEqual(4L, await CountStoredAsync(storage, folder.Path, backend), "no large object or file left behind for a deleted blob");
        Assert.AreEqual(new SweepCounts(0, 0, 0), await sweep.RunAsync(DateTimeOffset.UtcNow + 2 * Grace, CancellationToken.None), "a second sweep finds nothing");
    }

    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task AnAddTouchesTheBlobSoADeleteDecidedBeforeItDoesNotHappen(string backend)
    {
        using var folder = new TempFolder();
        await using var storage = await ServiceStorage.OpenAsync(folder.Path, await Backends.ConnectionAsync(backend), CancellationToken.None);
        var blobs = storage.Blobs;
        var bytes = RandomNumberGenerator.GetBytes(3000);
        var sha = await blobs.AddAsync(bytes, CancellationToken.None);
        await Task.Delay(200);
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(200);
        CollectionAssert.Contains((await blobs.ListUntouchedAsync(cutoff, CancellationToken.None)).ToList(), sha, "a candidate");

        // The same content comes again between the candidate list and the delete: the delete must not happen.
        Assert.AreEqual(sha, await blobs.AddAsync(bytes, CancellationToken.None));
        Assert.IsFalse(await blobs.DeleteIfUntouchedAsync(sha, cutoff, CancellationToken.None));
        CollectionAssert.AreEqual(bytes, await blobs.ReadAllBytesAsync(sha, CancellationToken.None));

        // The other order: deleted first, then the add stores it again.
        Assert.IsTrue(await blobs.DeleteIfUntouchedAsync(sha, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1), CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => blobs.ReadAllBytesAsync(sha, CancellationToken.None));
        var staged = blobs.NewStagingPath();
        await File.WriteAllBytesAsync(staged, bytes);
        await blobs.AddStagedAsync(staged, sha, CancellationToken.None);
        CollectionAssert.AreEqual(bytes, await blobs.ReadAllBytesAsync(sha, CancellationToken.None));
    }

    [TestMethod]
    [DataRow(Backends.Sqlite)]
    [DataRow(Backends.Postgres)]
    public async Task UploadsRacingSweepsKeepEveryBlobTheirJobsName(string backend)
    {
        using var folder = new TempFolder();
        await using var storage = await ServiceStorage.OpenAsync(folder.Path, await Backends.ConnectionAsync(backend), CancellationToken.None);
        var (jobs, blobs) = (storage.Jobs(TimeSpan.FromMinutes(1)), storage.Blobs);
        var key = (await storage.ApiKeys().CreateAsync("k", CancellationToken.None)).Id;
        var contents = Enumerable.Range(0, 40).Select(_ => RandomNumberGenerator.GetBytes(2000)).ToList();
        foreach (var bytes in contents)
        {
            // Stored two hours ago and unreferenced since: past the grace, so the sweeps race the uploads naming them again.
            await BackdateAsync(storage, folder.Path, backend, await blobs.AddAsync(bytes, CancellationToken.None), TimeSpan.FromHours(2));
        }

        // A grace far above the time from an upload's touch to its job row, even on a loaded machine (as the default hour is).
        var sweep = new RetentionSweep(storage.Database, blobs, Retention, TimeSpan.FromMinutes(1));
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sweeping = Task.Run(async () =>
        {
            var deleted = 0;
            while (!stop.IsCancellationRequested)
            {
                started.TrySetResult();
                deleted += (await sweep.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None)).Blobs;
            }

            return deleted;
        });
        await started.Task;
        var uploads = Task.Run(async () =>
        {
            foreach (var bytes in contents)
            {
                // As POST /v1/scans does: the blob first (a touch, or a store again), then the job that names it.
                var staged = blobs.NewStagingPath();
                await File.WriteAllBytesAsync(staged, bytes);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                await blobs.AddStagedAsync(staged, sha, CancellationToken.None);
                await jobs.AddAsync(new NewScanJob(key, "again.bin", sha, bytes.Length, null, null), null, CancellationToken.None);
                await Task.Delay(5);
            }
        });
        await uploads;
        await stop.CancelAsync();
        Assert.IsGreaterThan(0, await sweeping, "the sweeps deleted blobs the uploads then stored again: they did race");

        Assert.AreEqual(0, (await sweep.RunAsync(DateTimeOffset.UtcNow + TimeSpan.FromHours(1), CancellationToken.None)).Blobs, "every blob is named by a queued job");
        foreach (var bytes in contents)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            CollectionAssert.AreEqual(bytes, await blobs.ReadAllBytesAsync(sha, CancellationToken.None), $"blob {sha} of a queued job");
        }
    }

    [TestMethod]
    public async Task TheServiceSweepsAtStartAndKeepsWhatItsJobsName()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        // An upload whose job ended long ago was removed by hand: its blob, last touched two hours ago, is an orphan.
        var orphan = RandomNumberGenerator.GetBytes(500);
        var sha = Convert.ToHexStringLower(SHA256.HashData(orphan));
        var path = Path.Combine(data, "blobs", sha[..2], sha[2..]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, orphan);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromHours(2));

        await using var host = await ServiceHost.StartAsync(new ServerOptions
        {
            DataFolder = data, ModelPath = ServiceHost.WriteModel(folder), SweepInterval = TimeSpan.FromSeconds(1),
        });
        using var client = host.Client(key);
        var png = Ffmpeg.Still(folder.File("red.png"), "color=c=0xFF0000:s=32x32,format=rgb24");
        var scan = await ApiCalls.WaitAsync(client, (await ApiCalls.SubmitAsync(client, png)).GetProperty("id").GetString()!);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (File.Exists(path))
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, "the sweeper did not delete the orphan within 30 s");
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // two more sweeps
        Assert.AreEqual("done", scan.GetProperty("status").GetString(), scan.ToString());
        using var report = await client.GetAsync($"/v1/scans/{scan.GetProperty("id").GetString()}/report");
        Assert.AreEqual(System.Net.HttpStatusCode.OK, report.StatusCode, "the upload, pictures and card of a fresh scan stay");
    }

    private static ScanResult Result(string upload, string picture, string card) =>
        new(0, upload, new string('9', 64), "{}", [new StoredPicture(0, 8, 8, 1, picture)], card);

    private static async Task<string> AddAsync(IBlobStore blobs) => await blobs.AddAsync(RandomNumberGenerator.GetBytes(1500), CancellationToken.None);

    /// <summary>A job taken through claim to done (with <paramref name="result"/>) or failed (without).</summary>
    private static async Task<ScanJob> EndAsync(IJobStore jobs, string key, string upload, ScanResult? result)
    {
        var job = await jobs.AddAsync(new NewScanJob(key, "f.png", upload, 1, null, null), null, CancellationToken.None);
        var claim = (await jobs.TryClaimAsync(job.Id, CancellationToken.None))!;
        Assert.IsTrue(result is null
            ? await jobs.FailAsync(claim, "f.png: not a picture", CancellationToken.None)
            : await jobs.CompleteAsync(claim, (await jobs.AddResultAsync(result, CancellationToken.None)).Id, CancellationToken.None));
        return (await jobs.FindAsync(job.Id, CancellationToken.None))!;
    }

    private static async Task ExecuteAsync(IStoreDatabase database, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.ConnectAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        Assert.AreEqual(1, await command.ExecuteNonQueryAsync(), sql);
    }

    /// <summary>Sets the blob's touch time <paramref name="age"/> back: the file's last write time, or the row's <c>touched_at</c>.</summary>
    private static async Task BackdateAsync(ServiceStorage storage, string dataFolder, string backend, string sha256, TimeSpan age)
    {
        var then = DateTimeOffset.UtcNow - age;
        if (backend == Backends.Sqlite)
        {
            File.SetLastWriteTimeUtc(Path.Combine(dataFolder, "blobs", sha256[..2], sha256[2..]), then.UtcDateTime);
        }
        else
        {
            await ExecuteAsync(storage.Database, "UPDATE blobs SET touched_at = @t WHERE sha256 = @sha", ("@t", StoreTime.Time(then)), ("@sha", sha256));
        }
    }

    /// <summary>Blob files in the data folder, or large objects in the database.</summary>
    private static async Task<long> CountStoredAsync(ServiceStorage storage, string dataFolder, string backend)
    {
        if (backend == Backends.Sqlite)
        {
            return Directory.GetFiles(Path.Combine(dataFolder, "blobs"), "*", SearchOption.AllDirectories).Length;
        }

        await using var connection = await storage.Database.ConnectAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pg_largeobject_metadata";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
