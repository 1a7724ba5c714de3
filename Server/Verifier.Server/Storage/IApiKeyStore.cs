namespace Verifier.Server.Storage;

/// <summary>API keys, stored as SHA-256 hashes only: the key itself is shown once, when it is created.</summary>
public interface IApiKeyStore
{
    Task<CreatedApiKey> CreateAsync(string? name, CancellationToken ct);

    /// <summary>The id of the key <paramref name="presented"/> is, or null when it is not a valid key.</summary>
    Task<string?> AuthenticateAsync(string presented, CancellationToken ct);

    /// <summary>The secret that signs key <paramref name="keyId"/>'s webhooks (<see cref="Webhooks.WebhookSignature"/>), or null for no such key.</summary>
    Task<byte[]?> WebhookSecretAsync(string keyId, CancellationToken ct);
}

/// <summary>A new key: <see cref="Key"/> is the secret to give the client; only its hash is kept.</summary>
public sealed record CreatedApiKey(string Id, string? Name, string Key);
