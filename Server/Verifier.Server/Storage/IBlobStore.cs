namespace Verifier.Server.Storage;

/// <summary>
/// Content-addressed storage of uploads and report pictures, named by the lower-case hex SHA-256 of their bytes: files in
/// the data folder, or PostgreSQL large objects. Every add, of new or already stored content, marks the blob touched now;
/// the retention sweeper deletes only blobs untouched for its grace period, checked and deleted as one step, so an add
/// racing a delete either keeps the blob or stores it again.
/// </summary>
public interface IBlobStore
{
    /// <summary>A fresh path in the store's staging area for an upload being received (the caller deletes it on failure).</summary>
    string NewStagingPath();

    /// <summary>
    /// Moves a fully written staged file in under <paramref name="sha256"/>; if that blob exists the staged copy is dropped
    /// and the blob marked touched.
    /// </summary>
    Task AddStagedAsync(string stagedPath, string sha256, CancellationToken ct);

    /// <summary>Stores <paramref name="bytes"/> (or marks them touched when stored already); returns their SHA-256.</summary>
    Task<string> AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct);

    Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken ct);

    /// <summary>A local file with the blob's bytes for tools that need a path (ffmpeg); dispose it when done.</summary>
    Task<IBlobFile> CheckOutAsync(string sha256, CancellationToken ct);

    /// <summary>The blobs last touched before <paramref name="before"/>: the sweeper's candidates.</summary>
    Task<IReadOnlyList<string>> ListUntouchedAsync(DateTimeOffset before, CancellationToken ct);

    /// <summary>
    /// Deletes the blob if it is still untouched since before <paramref name="before"/> (checked and deleted as one step
    /// against a racing add); false when it was touched meanwhile or is gone.
    /// </summary>
    Task<bool> DeleteIfUntouchedAsync(string sha256, DateTimeOffset before, CancellationToken ct);
}

/// <summary>A blob as a local file, valid until disposed.</summary>
public interface IBlobFile : IAsyncDisposable
{
    string Path { get; }
}
