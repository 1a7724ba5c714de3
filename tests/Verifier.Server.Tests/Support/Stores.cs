using Microsoft.Data.Sqlite;
using Verifier.Server.Storage;
using Verifier.Server.Storage.Sql;
using Verifier.Server.Storage.Sqlite;

namespace Verifier.Server.Tests.Support;

/// <summary>Looks into a data folder's database from the side, as an operator's sqlite3 would.</summary>
internal static class Stores
{
    /// <summary>The audit log of the data folder's SQLite database, or with <paramref name="postgres"/> of that database.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(string dataFolder, string? postgres = null)
    {
        await using var database = await IStoreDatabase.OpenAsync(dataFolder, postgres, CancellationToken.None);
        return await new SqlAuditLog(database).ReadAllAsync(CancellationToken.None);
    }

    public static Task<IReadOnlyList<WebhookAttempt>> WebhookAttemptsAsync(string dataFolder, string scanId) =>
        new SqlWebhookStore(SqliteDatabase.Open(dataFolder)).AttemptsAsync(scanId, CancellationToken.None);

    /// <summary>Waits until the scan's webhook delivery is no longer pending (at most 30 s) and returns its state.</summary>
    public static async Task<WebhookState> WebhookSettledAsync(string dataFolder, string scanId)
    {
        var store = new SqlWebhookStore(SqliteDatabase.Open(dataFolder));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var state = await store.StateAsync(scanId, CancellationToken.None);
            if (state is WebhookState.Delivered or WebhookState.Failed)
            {
                return state.Value;
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, $"the webhook of {scanId} is still {state?.ToString() ?? "not recorded"} after 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>The rows of <paramref name="table"/> in the data folder's SQLite database, or with <paramref name="postgres"/> in that database.</summary>
    public static async Task<long> CountAsync(string dataFolder, string table, string? postgres = null)
    {
        await using var database = await IStoreDatabase.OpenAsync(dataFolder, postgres, CancellationToken.None);
        await using var connection = await database.ConnectAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
