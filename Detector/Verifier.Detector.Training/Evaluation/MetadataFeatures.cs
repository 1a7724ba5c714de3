namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// The metadata baseline's inputs: log sizes, aspect, duration, fps, log bits per pixel, audio, log file size, and one-hot
/// container and codec over the values seen in training (an unseen value sets none of them).
/// </summary>
public sealed class MetadataFeatures
{
    private static readonly string[] NumericNames =
        ["log width", "log height", "aspect", "video", "duration s", "fps", "log bits per pixel", "audio", "log bytes"];

    private readonly string[] containers;
    private readonly string[] codecs;

    public MetadataFeatures(IEnumerable<FileMetadata> training)
    {
        var files = training.ToArray();
        containers = [.. files.Select(f => f.Container).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        codecs = [.. files.Select(f => f.Codec).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Names => [.. NumericNames, .. containers.Select(c => "container " + c), .. codecs.Select(c => "codec " + c)];

    public double[] Of(FileMetadata file) =>
    [
        Math.Log(file.Width), Math.Log(file.Height), (double)file.Width / file.Height, file.IsVideo ? 1 : 0,
        file.DurationSeconds, file.FramesPerSecond, Math.Log(Math.Max(file.BitsPerPixel, 1e-6)), file.HasAudio ? 1 : 0,
        Math.Log(Math.Max(file.Bytes, 1)),
        .. containers.Select(c => c == file.Container ? 1.0 : 0.0),
        .. codecs.Select(c => c == file.Codec ? 1.0 : 0.0),
    ];
}
