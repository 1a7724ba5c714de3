using Verifier.Server.Storage;
using Verifier.Server.Storage.Sql;

namespace Verifier.Server;

/// <summary>Key administration for <c>verifier keys api create</c>: works on the store directly, server running or not.</summary>
public static class ServiceKeys
{
    /// <summary>A new key in the data folder's SQLite database, or with <paramref name="postgres"/> in that database.</summary>
    public static async Task<CreatedApiKey> CreateAsync(string dataFolder, string? name, CancellationToken ct = default, string? postgres = null)
    {
        await using var database = await IStoreDatabase.OpenAsync(dataFolder, postgres, ct).ConfigureAwait(false);
        return await new SqlApiKeyStore(database, new SqlAuditLog(database)).CreateAsync(name, ct).ConfigureAwait(false);
    }
}
