using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Npgsql;
using Verifier.Server.Storage.Sql;

namespace Verifier.Server.Storage.Postgres;

/// <summary>
/// Blobs as PostgreSQL large objects, one per content (the <c>blobs</c> table maps a SHA-256 to its object), so a worker on
/// any machine reads what any replica received. Bytes travel in chunks of <see cref="ChunkBytes"/> through
/// <c>lo_put</c>/<c>lo_get</c>: a file of any size passes with one chunk in memory. Uploads are staged, and blobs checked
/// out for ffmpeg, in a local folder of this process's own, removed when the store is disposed. A blob's row carries its
/// touch time (<c>touched_at</c>); a touch (UPDATE) and the sweeper's conditional DELETE serialise on that row, in any
/// replica.
/// </summary>
public sealed class PostgresBlobStore : IBlobStore, IDisposable
{
    public const int ChunkBytes = 1 << 20;

    private readonly PostgresDatabase database;
    private readonly string staging;

    /// <param name="database">The shared database.</param>
    /// <param name="localFolder">Where this process stages files; a fresh subfolder of it is this store's own.</param>
    public PostgresBlobStore(PostgresDatabase database, string localFolder)
    {
        this.database = database;
        // Replicas on one machine may share the folder: each stages in its own subfolder and clears only that one.
        staging = Path.Combine(localFolder, "tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
    }

    public string NewStagingPath() => Path.Combine(staging, Guid.NewGuid().ToString("N") + ".part");

    public async Task AddStagedAsync(string stagedPath, string sha256, CancellationToken ct)
    {
        try
        {
            await using var file = new FileStream(stagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await StoreAsync(sha256, file, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(stagedPath);
        }
    }

    public async Task<string> AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        using var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        await StoreAsync(sha256, stream, ct).ConfigureAwait(false);
        return sha256;
    }

    /// <summary>The whole blob in memory: for the small ones (report pictures, model cards).</summary>
    public async Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken ct)
    {
        var (oid, size) = await FindAsync(sha256, ct).ConfigureAwait(false);
        using var bytes = new MemoryStream(checked((int)size));
        await CopyOutAsync(oid, size, bytes, ct).ConfigureAwait(false);
        return bytes.ToArray();
    }

    public async Task<IBlobFile> CheckOutAsync(string sha256, CancellationToken ct)
    {
        var (oid, size) = await FindAsync(sha256, ct).ConfigureAwait(false);
        var path = NewStagingPath();
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await CopyOutAsync(oid, size, file, ct).ConfigureAwait(false);
            }

            return new CheckedOutFile(path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    public async Task<IReadOnlyList<string>> ListUntouchedAsync(DateTimeOffset before, CancellationToken ct) =>
        await database.QueryAsync("SELECT sha256 FROM blobs WHERE touched_at < @before", r => r.GetString(0), ct, ("@before", StoreTime.Time(before)))
            .ConfigureAwait(false);

    public async Task<bool> DeleteIfUntouchedAsync(string sha256, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        // One transaction: the row and its large object go together. A touch committed first makes the WHERE false on the
        // row's new version (PostgreSQL re-checks it after the row lock); a touch after finds no row and stores anew.
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var oids = await connection.QueryAsync(
            "DELETE FROM blobs WHERE sha256 = @sha AND touched_at < @before RETURNING oid", r => r.GetFieldValue<uint>(0), ct,
            ("@sha", sha256), ("@before", StoreTime.Time(before))).ConfigureAwait(false);
        foreach (var oid in oids)
        {
            await using var unlink = connection.Create("SELECT lo_unlink(@oid::oid)", [("@oid", (long)oid)], transaction);
            await unlink.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return oids.Count == 1;
    }

    private async Task StoreAsync(string sha256, Stream content, CancellationToken ct)
    {
        var touched = await database.ExecuteAsync(
            "UPDATE blobs SET touched_at = @now WHERE sha256 = @sha", ct, ("@now", StoreTime.Time(DateTimeOffset.UtcNow)), ("@sha", sha256)).ConfigureAwait(false);
        if (touched == 1)
        {
            return;
        }

        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        // One transaction: a large object created in it vanishes with a rollback, so a failed or duplicate write leaves nothing.
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var oid = (await connection.QueryAsync("SELECT lo_create(0)", r => r.GetFieldValue<uint>(0), ct).ConfigureAwait(false)).Single();
        var chunk = new byte[ChunkBytes];
        long size = 0;
        int read;
        while ((read = await content.ReadAtLeastAsync(chunk, ChunkBytes, throwOnEndOfStream: false, ct).ConfigureAwait(false)) > 0)
        {
            await using var put = connection.Create(
                "SELECT lo_put(@oid::oid, @offset, @bytes)", [("@oid", (long)oid), ("@offset", size), ("@bytes", read == ChunkBytes ? chunk : chunk[..read])], transaction);
            await put.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            size += read;
        }

        // A racing writer of the same content waits on the key here and then inserts nothing: its object is rolled back.
        await using var insert = connection.Create(
            "INSERT INTO blobs (sha256, oid, size, touched_at) VALUES (@sha, @oid::oid, @size, @now) ON CONFLICT DO NOTHING",
            [("@sha", sha256), ("@oid", (long)oid), ("@size", size), ("@now", StoreTime.Time(DateTimeOffset.UtcNow))], transaction);
        if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task CopyOutAsync(uint oid, long size, Stream destination, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        for (long offset = 0; offset < size; offset += ChunkBytes)
        {
            var length = (int)Math.Min(ChunkBytes, size - offset);
            var bytes = (await connection.QueryAsync(
                "SELECT lo_get(@oid::oid, @offset, @length)", r => r.GetFieldValue<byte[]>(0), ct, ("@oid", (long)oid), ("@offset", offset), ("@length", length))
                .ConfigureAwait(false)).Single();
            await destination.WriteAsync(bytes, ct).ConfigureAwait(false);
        }
    }

    // Oids travel as bigint parameters cast in SQL: Npgsql infers no database type for a uint.
    private async Task<(uint Oid, long Size)> FindAsync(string sha256, CancellationToken ct) =>
        (await database.QueryAsync(
            "SELECT oid, size FROM blobs WHERE sha256 = @sha", r => ((uint Oid, long Size)?)(r.GetFieldValue<uint>(0), r.GetInt64(1)), ct, ("@sha", sha256))
            .ConfigureAwait(false)).SingleOrDefault()
        ?? throw new FileNotFoundException($"blob {sha256} is not in the store");

    /// <summary>A copy of the blob in the staging folder, deleted when disposed.</summary>
    private sealed record CheckedOutFile(string Path) : IBlobFile
    {
        public ValueTask DisposeAsync()
        {
            File.Delete(Path);
            return ValueTask.CompletedTask;
        }
    }
}
