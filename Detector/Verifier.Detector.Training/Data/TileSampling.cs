namespace Verifier.Detector.Training.Data;

/// <summary>
/// How many tiles each corpus item gives: an image is one frame, a clip gives frames spread evenly over it. For a net
/// of <see cref="FramesPerSample"/> T above 1, a clip gives <see cref="FramesPerVideo"/> runs of T consecutive frames
/// instead (each run counts as one frame: <see cref="TilesPerFrame"/> samples), and an image T copies of each tile.
/// </summary>
public sealed record TileSampling(int TilesPerImage = 8, int FramesPerVideo = 8, int TilesPerFrame = 2, int FramesPerSample = 1);
