using Verifier.Server.Storage;
using Verifier.Server.Storage.Sqlite;

namespace Verifier.Server;

/// <summary>Key administration for <c>verifier keys api create</c>: works on the data folder directly, server running or not.</summary>
public static class ServiceKeys
{
    public static Task<CreatedApiKey> CreateAsync(string dataFolder, string? name, CancellationToken ct = default)
    {
        var database = SqliteDatabase.Open(Path.GetFullPath(dataFolder));
        return new SqliteApiKeyStore(database, new SqliteAuditLog(database)).CreateAsync(name, ct);
    }
}
