using System.Security.Cryptography;

namespace Verifier.Server.Storage;

/// <summary>
/// Blobs as files under <c>DATA/blobs/ab/cdef...</c> (the first two hex digits as a folder). Every blob is written under a
/// temporary name in <c>DATA/tmp</c> and renamed into place, so a reader never sees a partial file; leftovers of a crash
/// are cleared when the store opens. A blob's last write time is its touch time. The data folder belongs to one process,
/// so a lock of this store makes "exists? touch : move in" and "untouched? delete" single steps.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string blobs;
    private readonly string staging;
    private readonly Lock placing = new();

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
        lock (placing)
        {
            if (Touch(target))
            {
                File.Delete(stagedPath);
            }
            else
            {
                // The staged file was just written: moved in, it counts as touched now.
                File.Move(stagedPath, target, overwrite: true);
            }
        }

        return Task.CompletedTask;
    }

    public async Task<string> AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        lock (placing)
        {
            if (Touch(PathOf(sha256)))
            {
                return sha256;
            }
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

    public Task<IReadOnlyList<string>> ListUntouchedAsync(DateTimeOffset before, CancellationToken ct)
    {
        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            var sha256 = Path.GetFileName(Path.GetDirectoryName(file)) + Path.GetFileName(file);
            if (IsSha256(sha256) && File.GetLastWriteTimeUtc(file) < before.UtcDateTime)
            {
                names.Add(sha256);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    public Task<bool> DeleteIfUntouchedAsync(string sha256, DateTimeOffset before, CancellationToken ct)
    {
        var path = PathOf(sha256);
        lock (placing)
        {
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) >= before.UtcDateTime)
            {
                return Task.FromResult(false);
            }

            File.Delete(path);
            return Task.FromResult(true);
        }
    }

    // Marks an existing blob touched now; false when there is none (the caller then stores it).
    private static bool Touch(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        return true;
    }

    private static bool IsSha256(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);

    private string PathOf(string sha256)
    {
        // Names come from our own hashing, never from a request; the check keeps it that way.
        if (!IsSha256(sha256))
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
