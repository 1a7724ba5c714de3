using System.Globalization;
using Verifier.Media;

namespace Verifier.Detector.Training.Data;

/// <summary>A clip's temporary re-encoded copy and what made it; disposing deletes the file.</summary>
public sealed class ReencodedClip(string path, VideoEdit edit) : IDisposable
{
    public string Path { get; } = path;

    public VideoEdit Edit { get; } = edit;

    public string Description => Edit.FramesPerSecond is { } fps
        ? string.Create(CultureInfo.InvariantCulture, $"H.264 CRF {Edit.Crf} at {fps} fps")
        : string.Create(CultureInfo.InvariantCulture, $"H.264 CRF {Edit.Crf}");

    public void Dispose() => File.Delete(Path);
}
