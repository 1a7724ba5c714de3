using Microsoft.Data.Sqlite;
using Verifier.Server.Storage;
using Verifier.Server.Storage.Sqlite;

namespace Verifier.Server.Tests.Support;

/// <summary>Looks into a data folder's database from the side, as an operator's sqlite3 would.</summary>
internal static class Stores
{
    public static Task<IReadOnlyList<AuditEntry>> AuditAsync(string dataFolder) =>
        new SqliteAuditLog(SqliteDatabase.Open(dataFolder)).ReadAllAsync(CancellationToken.None);

    public static async Task<long> CountAsync(string dataFolder, string table)
    {
        await using var connection = SqliteDatabase.Open(dataFolder).Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
