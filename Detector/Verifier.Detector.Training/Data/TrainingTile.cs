namespace Verifier.Detector.Training.Data;

/// <summary>
/// A tile ready for training: packed RGB24 of the tile size (for a net of T frames, T such tiles back to back, one per
/// consecutive frame), its label, and the file and family it came from.
/// </summary>
public sealed record TrainingTile(byte[] Rgb, bool IsAi, string Family, string SourcePath);
