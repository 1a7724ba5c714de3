namespace Verifier.Server.Storage;

/// <summary>
/// Content-addressed storage of uploads and report pictures, named by the lower-case hex SHA-256 of their bytes. The data
/// folder holds them today; a database or object store can later (workers on other machines then check files out).
/// </summary>
public interface IBlobStore
{
    /// <summary>A fresh path in the store's staging area for an upload being received (the caller deletes it on failure).</summary>
    string NewStagingPath();

    /// <summary>Moves a fully written staged file in under <paramref name="sha256"/>; if that blob exists the staged copy is dropped.</summary>
    Task AddStagedAsync(string stagedPath, string sha256, CancellationToken ct);

    /// <summary>Stores <paramref name="bytes"/>; returns their SHA-256.</summary>
    Task<string> AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct);

    Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken ct);

    /// <summary>A local file with the blob's bytes for tools that need a path (ffmpeg); dispose it when done.</summary>
    Task<IBlobFile> CheckOutAsync(string sha256, CancellationToken ct);
}

/// <summary>A blob as a local file, valid until disposed.</summary>
public interface IBlobFile : IAsyncDisposable
{
    string Path { get; }
}
