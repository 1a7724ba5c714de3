using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Storage;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Storage.Sqlite;

namespace Verifier.Server.Tests;

/// <summary>The stores on their own: migrations, the state machine's single transitions, the audit log, the blob layout.</summary>
[TestClass]
public sealed class StoreTests
{
    [TestMethod]
    public async Task MigrationsRunOnceAndTheDatabaseIsInWalMode()
    {
        using var folder = new TempFolder();
        var database = SqliteDatabase.Open(folder.Path);
        Assert.AreEqual(SqliteDatabase.SchemaVersion, database.Version());
        Assert.AreEqual(SqliteDatabase.SchemaVersion, SqliteDatabase.Open(folder.Path).Version(), "opening again changes nothing");
        await using var connection = database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.AreEqual("wal", (string)(await command.ExecuteScalarAsync())!);
    }

    [TestMethod]
    public async Task AJobIsClaimedOnceAndFinishedOnce()
    {
        using var folder = new TempFolder();
        var database = SqliteDatabase.Open(folder.Path);
        var key = await new SqlApiKeyStore(database, new SqlAuditLog(database)).CreateAsync("k", CancellationToken.None);
        var jobs = new SqlJobStore(database);
        var sha = new string('a', 64);
        var job = await jobs.AddAsync(new NewScanJob(key.Id, "x.png", sha, 1, null, null), null, CancellationToken.None);

        Assert.IsFalse(await jobs.CompleteAsync(new JobClaim(job.Id, 0), 1, CancellationToken.None), "not running yet");
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => jobs.TryClaimAsync(job.Id, CancellationToken.None)));
        Assert.AreEqual(1, claims.Count(c => c is not null), "exactly one of eight racing workers gets it");
        var claim = claims.Single(c => c is not null)!;
        var result = await jobs.AddResultAsync(new ScanResult(0, sha, "m", "{}", [], "c"), CancellationToken.None);
        var duplicate = await jobs.AddResultAsync(new ScanResult(0, sha, "m", "{\"second\":1}", [], "c"), CancellationToken.None);
        Assert.AreEqual(result.Id, duplicate.Id);
        Assert.AreEqual("{}", duplicate.ReportJson, "the first result stays");
        Assert.IsTrue(await jobs.CompleteAsync(claim, result.Id, CancellationToken.None));
        Assert.IsFalse(await jobs.FailAsync(claim, "late", CancellationToken.None), "a done job stays done");
        Assert.AreEqual(ScanStatus.Done, (await jobs.FindAsync(job.Id, CancellationToken.None))!.Status);
    }

    [TestMethod]
    public async Task TheAuditLogOnlyGrows()
    {
        using var folder = new TempFolder();
        var database = SqliteDatabase.Open(folder.Path);
        var audit = new SqlAuditLog(database);
        await audit.AppendAsync("k1", AuditActions.Verified, new string('b', 64), CancellationToken.None);

        await using var connection = database.Connect();
        foreach (var sql in new[] { "UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsExactlyAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message);
        }

        var entries = await audit.ReadAllAsync(CancellationToken.None);
        Assert.AreEqual(("k1", "verify"), (entries.Single().KeyId, entries.Single().Action));
    }

    [TestMethod]
    public async Task KeysAreStoredHashedAndCheckedWhole()
    {
        using var folder = new TempFolder();
        var database = SqliteDatabase.Open(folder.Path);
        var keys = new SqlApiKeyStore(database, new SqlAuditLog(database));
        var created = await keys.CreateAsync(null, CancellationToken.None);

        Assert.AreEqual(created.Id, await keys.AuthenticateAsync(created.Key, CancellationToken.None));
        Assert.IsNull(await keys.AuthenticateAsync(created.Key + "x", CancellationToken.None));
        Assert.IsNull(await keys.AuthenticateAsync(created.Key[..^1], CancellationToken.None));
        await using var connection = database.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_sha256 FROM api_keys";
        CollectionAssert.AreEqual(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(created.Key)), (byte[])(await command.ExecuteScalarAsync())!);
        foreach (var file in Directory.GetFiles(folder.Path, SqliteDatabase.FileName + "*"))
        {
            Assert.DoesNotContain(created.Key, File.ReadAllText(file), file);
        }
    }

    [TestMethod]
    public async Task BlobsAreNamedByTheirSha256()
    {
        using var folder = new TempFolder();
        var blobs = new FileBlobStore(folder.Path);
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        Assert.AreEqual(sha, await blobs.AddAsync(bytes, CancellationToken.None));
        Assert.AreEqual(sha, await blobs.AddAsync(bytes, CancellationToken.None), "adding again is harmless");
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(Path.Combine(folder.Path, "blobs", sha[..2], sha[2..])));
        await using (var file = await blobs.CheckOutAsync(sha, CancellationToken.None))
        {
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(file.Path));
        }

        Assert.IsEmpty(Directory.GetFiles(Path.Combine(folder.Path, "tmp")));
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => blobs.ReadAllBytesAsync("../../etc/passwd", CancellationToken.None));
    }
}
