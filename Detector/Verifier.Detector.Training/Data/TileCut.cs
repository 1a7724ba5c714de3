namespace Verifier.Detector.Training.Data;

/// <summary>
/// One tile cut for training: packed RGB24 (tile x tile x 3, rows top to bottom; cut from several frames, one such tile
/// per frame back to back), where in the frame its region began and how big that region was (larger than the tile when
/// it was downscaled), and the degradations applied, in order (the same for every frame).
/// </summary>
public sealed record TileCut(byte[] Rgb, int X, int Y, int RegionSize, IReadOnlyList<string> Degradations);
