using System.Globalization;
using Verifier.Media;

namespace Verifier.Detector.Training.Data;

/// <summary>A clip's temporary re-encoded copy and what made it; disposing deletes the file.</summary>
public sealed class ReencodedClip(string path, VideoEdit edit) : IDisposable
{
    public string Path { get; } = path;

    public VideoEdit Edit { get; } = edit;

    public string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"H.264 CRF {Edit.Crf}{(Edit.FramesPerSecond is { } fps ? $" at {fps} fps" : "")}{(Edit.Passes > 1 ? $", {Edit.Passes} passes" : "")}");

    public void Dispose() => File.Delete(Path);
}
