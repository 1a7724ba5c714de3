using System.Security.Cryptography;

namespace Verifier.Detector.Scanning;

/// <summary>A file's SHA-256 in lower-case hex (the report's file hash, a manifest's sha256 cell), read as a stream, so a large clip is never held in memory.</summary>
public static class FileHash
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellation)
    {
        await using var stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation).ConfigureAwait(false));
    }
}
