using System.Security.Cryptography;

namespace Verifier.Server.Storage;

/// <summary>
/// Blobs as files under <c>DATA/blobs/ab/cdef...</c> (the first two hex digits as a folder). Every blob is written under a
/// temporary name in <c>DATA/tmp</c> and renamed into place, so a reader never sees a partial file; leftovers of a crash
/// are cleared when the store opens.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string blobs;
    private readonly string staging;

    public FileBlobStore(string dataFolder)
    {
        blobs = Path.Combine(dataFolder, "blobs");
        staging = Path.Combine(dataFolder, "tmp");
        Directory.CreateDirectory(blobs);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
    }

    public string NewStagingPath() => Path.Combine(staging, Guid.NewGuid().ToString("N") + ".part");

    public Task AddStagedAsync(string stagedPath, string sha256, CancellationToken ct)
    {
        var target = PathOf(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(stagedPath);
            return Task.CompletedTask;
        }

        // Two identical uploads may race here; either rename leaves the same bytes in place.
        File.Move(stagedPath, target, overwrite: true);
        return Task.CompletedTask;
    }

    public async Task<string> AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        if (File.Exists(PathOf(sha256)))
        {
            return sha256;
        }

        var staged = NewStagingPath();
        try
        {
            await File.WriteAllBytesAsync(staged, bytes, ct).ConfigureAwait(false);
            await AddStagedAsync(staged, sha256, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(staged);
        }

        return sha256;
    }

    public Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken ct) => File.ReadAllBytesAsync(PathOf(sha256), ct);

    public Task<IBlobFile> CheckOutAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        return File.Exists(path)
            ? Task.FromResult<IBlobFile>(new StoredFile(path))
            : throw new FileNotFoundException($"blob {sha256} is not in the store", path);
    }

    private string PathOf(string sha256)
    {
        // Names come from our own hashing, never from a request; the check keeps it that way.
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"not a lower-case hex SHA-256: {sha256}", nameof(sha256));
        }

        return Path.Combine(blobs, sha256[..2], sha256[2..]);
    }

    /// <summary>The blob file itself: nothing to clean up.</summary>
    private sealed record StoredFile(string Path) : IBlobFile
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
