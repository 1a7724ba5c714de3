using System.Text.Json;
using Verifier.Server.Storage.Sql;

namespace Verifier.Server.Storage;

/// <summary>
/// One pass of retention over the store: jobs that ended longer than <paramref name="retention"/> ago go (with their
/// webhook log, once no delivery is pending), then results no job names and unused for as long, then blobs nothing
/// references (a queued, running or done job's upload; a result's pictures and model card) and untouched for
/// <paramref name="grace"/>. A failed job's upload is referenced by nothing: no one will scan it again.
/// </summary>
/// <remarks>
/// The race with a new upload of the same content: an upload touches its blob before any row names it, and the row
/// follows within milliseconds. The references are read before the candidates are deleted, and each delete is
/// conditional on the blob being still untouched since the cutoff (a single step in the blob store), so a blob named
/// after the references were read was touched after the cutoff and stays; one deleted before the touch is stored again by
/// the touch. The grace period only has to exceed the time between a touch and the row (seconds at worst).
/// </remarks>
public sealed class RetentionSweep(IStoreDatabase database, IBlobStore blobs, TimeSpan retention, TimeSpan grace)
{
    /// <summary>Sweeps as if the time were <paramref name="now"/>; returns what it removed.</summary>
    public async Task<SweepCounts> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var ended = StoreTime.Time(now - retention);
        var jobs = await ExpireJobsAsync(ended, ct).ConfigureAwait(false);
        // Conditional on used_at in the same statement: a reuse (an UPDATE of used_at) racing it keeps the row.
        var results = await database.ExecuteAsync(
            "DELETE FROM results WHERE used_at < @before AND NOT EXISTS (SELECT 1 FROM scans WHERE scans.result_id = results.id)", ct,
            ("@before", ended)).ConfigureAwait(false);

        var cutoff = now - grace;
        var referenced = await ReferencedBlobsAsync(ct).ConfigureAwait(false);
        var deleted = 0;
        foreach (var sha256 in await blobs.ListUntouchedAsync(cutoff, ct).ConfigureAwait(false))
        {
            if (!referenced.Contains(sha256) && await blobs.DeleteIfUntouchedAsync(sha256, cutoff, ct).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        return new SweepCounts(jobs, results, deleted);
    }

    private Task<int> ExpireJobsAsync(string endedBefore, CancellationToken ct) =>
        database.WriteAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                const string Expired = "SELECT id FROM scans WHERE status IN ('done', 'failed') AND updated_at < @before";
                string[] steps =
                [
                    $"DELETE FROM webhook_attempts WHERE scan_id IN (SELECT scan_id FROM webhook_deliveries WHERE state <> 'pending' AND scan_id IN ({Expired}))",
                    $"DELETE FROM webhook_deliveries WHERE state <> 'pending' AND scan_id IN ({Expired})",
                ];
                foreach (var sql in steps)
                {
                    await using var step = connection.Create(sql, [("@before", endedBefore)], transaction);
                    await step.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                // A job whose webhook is still pending keeps its row until the delivery ends.
                await using var jobs = connection.Create(
                    "DELETE FROM scans WHERE status IN ('done', 'failed') AND updated_at < @before AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.scan_id = scans.id)",
                    [("@before", endedBefore)], transaction);
                var count = await jobs.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return count;
            },
            ct);

    private async Task<HashSet<string>> ReferencedBlobsAsync(CancellationToken ct)
    {
        var uploads = await database.QueryAsync(
            "SELECT DISTINCT sha256 FROM scans WHERE status <> 'failed'", r => r.GetString(0), ct).ConfigureAwait(false);
        var referenced = new HashSet<string>(uploads, StringComparer.Ordinal);
        var results = await database.QueryAsync(
            "SELECT pictures_json, card_blob FROM results", r => (Pictures: r.GetString(0), Card: r.GetString(1)), ct).ConfigureAwait(false);
        foreach (var (pictures, card) in results)
        {
            referenced.Add(card);
            foreach (var picture in JsonSerializer.Deserialize<List<StoredPicture>>(pictures) ?? [])
            {
                referenced.Add(picture.Blob);
            }
        }

        return referenced;
    }
}

/// <summary>What one retention sweep removed: expired jobs, unused results, unreferenced blobs.</summary>
public sealed record SweepCounts(int Jobs, int Results, int Blobs);
