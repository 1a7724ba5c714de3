using System.Security.Cryptography;
using Npgsql;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Storage;
using Verifier.Server.Storage.Postgres;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests.Postgres;

/// <summary>
/// The PostgreSQL storage on a real server (<see cref="PostgresCluster"/>): migrations of racing replicas, job claims of
/// racing workers in separate connection pools (as separate processes have), leases, and large-object blobs.
/// </summary>
[TestClass]
public sealed class PostgresStorageTests
{
    [TestMethod]
    public async Task ReplicasStartingAtOnceMigrateOnce()
    {
        var connection = await PostgresCluster.NewDatabaseAsync();

        // Unlocked, two of them would both run step 1 and one would fail on "relation already exists".
        var databases = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresDatabase.OpenAsync(connection, CancellationToken.None))));

        foreach (var database in databases)
        {
            Assert.AreEqual(PostgresDatabase.SchemaVersion, database.Version());
            await database.DisposeAsync();
        }

        await using var check = new NpgsqlConnection(connection);
        await check.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM schema_version", check);
        await using var reader = await rows.ExecuteReaderAsync();
        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual(1L, reader.GetInt64(0));
        Assert.AreEqual(4, reader.GetInt32(1), "the four numbered steps, as SQLite's user_version");
    }

    [TestMethod]
    public async Task AJobIsClaimedOnceByRacingWorkersOfTwoProcesses()
    {
        var connection = await PostgresCluster.NewDatabaseAsync();
        await using var first = await PostgresDatabase.OpenAsync(connection, CancellationToken.None);
        // A second data source: its own pool of connections, as a worker on another machine has.
        await using var second = await PostgresDatabase.OpenAsync(connection + ";Application Name=second", CancellationToken.None);
        var key = await new SqlApiKeyStore(first, new SqlAuditLog(first)).CreateAsync("k", CancellationToken.None);
        var stores = new[] { new SqlJobStore(first), new SqlJobStore(second) };

        for (var round = 0; round < 5; round++)
        {
            var job = await stores[0].AddAsync(new NewScanJob(key.Id, "a.png", new string('a', 64), 1, null, null), null, CancellationToken.None);
            using var go = new ManualResetEventSlim();
            var claims = Enumerable.Range(0, 16)
                .Select(i => Task.Run(async () => { go.Wait(); return await stores[i % 2].TryClaimAsync(job.Id, CancellationToken.None) is not null; }))
                .ToList();
            go.Set();

            Assert.AreEqual(1, (await Task.WhenAll(claims)).Count(c => c), "exactly one of 16 racing claims wins");
            Assert.AreEqual(ScanStatus.Running, (await stores[1].FindAsync(job.Id, CancellationToken.None))!.Status);
        }
    }

    [TestMethod]
    public async Task AWebhookDeliveryIsTakenByOneOfTwoRacingDispatchers()
    {
        var connection = await PostgresCluster.NewDatabaseAsync();
        await using var first = await PostgresDatabase.OpenAsync(connection, CancellationToken.None);
        await using var second = await PostgresDatabase.OpenAsync(connection + ";Application Name=second", CancellationToken.None);
        var key = await new SqlApiKeyStore(first, new SqlAuditLog(first)).CreateAsync("k", CancellationToken.None);
        var jobs = new SqlJobStore(first);
        var stores = new[] { new SqlWebhookStore(first), new SqlWebhookStore(second) };
        for (var i = 0; i < 10; i++)
        {
            var job = await jobs.AddAsync(new NewScanJob(key.Id, $"{i}.png", new string('d', 64), 1, "https://hooks.example.org/", null), null, CancellationToken.None);
            Assert.IsTrue(await stores[0].AddAsync(job.Id, "https://hooks.example.org/", CancellationToken.None));
        }

        using var go = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 8)
            .Select(i => Task.Run(async () => { go.Wait(); return await stores[i % 2].ClaimDueAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), 4, CancellationToken.None); }))
            .ToList();
        go.Set();
        var taken = (await Task.WhenAll(claims)).SelectMany(c => c).Select(d => d.ScanId).ToList();
        // A claim that lost every row of its pick to a racer takes nothing this round; what is left is taken next round.
        taken.AddRange((await stores[1].ClaimDueAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), 10, CancellationToken.None)).Select(d => d.ScanId));

        Assert.HasCount(10, taken.Distinct().ToList(), "every due delivery is taken");
        Assert.HasCount(10, taken, "none by two dispatchers");
        Assert.IsEmpty(await stores[1].ClaimDueAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), 4, CancellationToken.None), "held, not due again");
    }

    [TestMethod]
    public async Task OnlyAJobWhoseLeaseRanOutIsTakenBack()
    {
        var connection = await PostgresCluster.NewDatabaseAsync();
        await using var database = await PostgresDatabase.OpenAsync(connection, CancellationToken.None);
        var key = await new SqlApiKeyStore(database, new SqlAuditLog(database)).CreateAsync("k", CancellationToken.None);
        var jobs = new SqlJobStore(database, TimeSpan.FromSeconds(2));
        var live = await jobs.AddAsync(new NewScanJob(key.Id, "live.png", new string('b', 64), 1, null, null), null, CancellationToken.None);
        var dead = await jobs.AddAsync(new NewScanJob(key.Id, "dead.png", new string('c', 64), 1, null, null), null, CancellationToken.None);
        var liveClaim = await jobs.TryClaimAsync(live.Id, CancellationToken.None);
        var deadClaim = await jobs.TryClaimAsync(dead.Id, CancellationToken.None);
        Assert.IsNotNull(liveClaim);
        Assert.IsNotNull(deadClaim);

        // Another replica starting now must not steal either: both leases hold.
        Assert.IsEmpty(await jobs.RecoverAsync(CancellationToken.None));

        // The live worker renews; the dead one does not.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            Assert.IsTrue(await jobs.RenewAsync(liveClaim, CancellationToken.None));
        }

        CollectionAssert.AreEqual(new[] { dead.Id }, (await jobs.RecoverAsync(CancellationToken.None)).ToList());
        Assert.AreEqual(ScanStatus.Running, (await jobs.FindAsync(live.Id, CancellationToken.None))!.Status);
        Assert.AreEqual(ScanStatus.Queued, (await jobs.FindAsync(dead.Id, CancellationToken.None))!.Status);
        Assert.IsFalse(await jobs.RenewAsync(deadClaim, CancellationToken.None), "the dead worker, come back, learns it lost the job");
    }

    [TestMethod]
    public async Task AMultiMegabyteUploadRoundTripsThroughALargeObjectInBoundedMemory()
    {
        using var folder = new TempFolder();
        var connection = await PostgresCluster.NewDatabaseAsync();
        await using var database = await PostgresDatabase.OpenAsync(connection, CancellationToken.None);
        using var blobs = new PostgresBlobStore(database, folder.Path);
        const int size = 40 * 1024 * 1024 + 12345; // not a whole number of chunks
        var staged = blobs.NewStagingPath();
        string sha256;
        await using (var file = File.Create(staged))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var block = new byte[64 * 1024];
            var random = new Random(7);
            for (var written = 0; written < size; written += block.Length)
            {
                random.NextBytes(block);
                var length = Math.Min(block.Length, size - written);
                await file.WriteAsync(block.AsMemory(0, length));
                hash.AppendData(block, 0, length);
            }

            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak;
        await using (var sampler = new LiveMemorySampler())
        {
            await blobs.AddStagedAsync(staged, sha256, CancellationToken.None);
            await using (var copy = await blobs.CheckOutAsync(sha256, CancellationToken.None))
            {
                Assert.AreEqual(size, new FileInfo(copy.Path).Length);
                await using var read = File.OpenRead(copy.Path);
                Assert.AreEqual(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(read)), "the same bytes come back");
                Assert.StartsWith(folder.Path, copy.Path);
                File.Delete(staged);
                staged = copy.Path;
            }

            peak = await sampler.PeakAsync();
        }

        Assert.IsFalse(File.Exists(staged), "a checked-out copy is deleted when disposed");
        Assert.IsLessThan(12L * 1024 * 1024, peak - baseline, $"live memory rose {(peak - baseline) >> 20} MB for a {size >> 20} MB blob: it must stream in chunks");

        await using var check = new NpgsqlConnection(connection);
        await check.OpenAsync();
        await using var sizes = new NpgsqlCommand("SELECT b.size, (SELECT COUNT(*) FROM pg_largeobject_metadata) FROM blobs b", check);
        await using var reader = await sizes.ExecuteReaderAsync();
        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual((long)size, reader.GetInt64(0));
        Assert.AreEqual(1L, reader.GetInt64(1), "one large object");

        // The same content again stores nothing new.
        await blobs.AddAsync(await blobs.ReadAllBytesAsync(sha256, CancellationToken.None), CancellationToken.None);
        await reader.CloseAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM pg_largeobject_metadata", check);
        Assert.AreEqual(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    /// <summary>Samples the live managed heap (after a full collection) every 10 ms until asked for the peak.</summary>
    private sealed class LiveMemorySampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task<long> sampling;

        public LiveMemorySampler()
        {
            sampling = Task.Run(async () =>
            {
                long peak = 0;
                while (!stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                    await Task.Delay(10);
                }

                return peak;
            });
        }

        public async Task<long> PeakAsync()
        {
            await stop.CancelAsync();
            return await sampling;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await sampling;
            stop.Dispose();
        }
    }
}
