using System.Security.Cryptography;
using System.Text;
using Verifier.Server.Webhooks;

namespace Verifier.Server.Storage.Sql;

/// <summary>
/// API keys in SQL (SQLite or PostgreSQL). A key reads <c>vk_ID_SECRET</c>: the id finds the row, and the SHA-256 of the whole key is compared
/// with the stored hash in constant time. The secret is 32 random bytes, so a plain SHA-256 is as strong as a slow hash.
/// </summary>
public sealed class SqlApiKeyStore(IStoreDatabase database, IAuditLog audit) : IApiKeyStore
{
    private const string Prefix = "vk_";

    public async Task<CreatedApiKey> CreateAsync(string? name, CancellationToken ct)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var key = $"{Prefix}{id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        await database.ExecuteAsync(
            "INSERT INTO api_keys (id, name, key_sha256, created_at) VALUES (@id, @name, @hash, @now)", ct,
            ("@id", id), ("@name", name), ("@hash", Hash(key)), ("@now", StoreTime.Time(DateTimeOffset.UtcNow))).ConfigureAwait(false);
        await audit.AppendAsync(id, AuditActions.KeyCreated, null, ct).ConfigureAwait(false);
        return new CreatedApiKey(id, name, key);
    }

    public async Task<string?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        // vk_ + 16 hex digits of id + _ + the secret.
        if (presented.Length > 256 || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.IndexOf('_', Prefix.Length) != Prefix.Length + 16)
        {
            return null;
        }

        var id = presented.Substring(Prefix.Length, 16);
        var stored = await database.QueryAsync(
            "SELECT key_sha256 FROM api_keys WHERE id = @id", r => (byte[])r.GetValue(0), ct, ("@id", id)).ConfigureAwait(false);
        return stored.Count == 1 && CryptographicOperations.FixedTimeEquals(stored[0], Hash(presented)) ? id : null;
    }

    public async Task<byte[]?> WebhookSecretAsync(string keyId, CancellationToken ct)
    {
        var stored = await database.QueryAsync(
            "SELECT key_sha256 FROM api_keys WHERE id = @id", r => (byte[])r.GetValue(0), ct, ("@id", keyId)).ConfigureAwait(false);
        return stored.Count == 1 ? WebhookSignature.SecretFromKeyHash(stored[0]) : null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
