using Verifier.Media;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// Reads each file's metadata once per run: the folds of a leave-one-family-out run ask for the same files again and
/// again, and probing them is most of the metadata baseline's time. A file that could not be read fails the same way
/// each time it is asked for.
/// </summary>
public sealed class FileMetadataReader(FfmpegTools tools)
{
    private readonly Dictionary<string, FileMetadata> read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MediaException> failed = new(StringComparer.Ordinal);

    public async Task<FileMetadata> ReadAsync(string path, CancellationToken cancellation)
    {
        if (read.TryGetValue(path, out var known))
        {
            return known;
        }

        if (failed.TryGetValue(path, out var error))
        {
            throw new MediaException(error.Kind, error.Message, error);
        }

        try
        {
            return read[path] = await FileMetadata.ReadAsync(path, tools, cancellation).ConfigureAwait(false);
        }
        catch (MediaException e)
        {
            failed[path] = e;
            throw;
        }
    }
}
