namespace Verifier.Detector.Training.Data;

/// <summary>How many tiles each corpus item gives: an image is one frame, a clip gives frames spread evenly over it.</summary>
public sealed record TileSampling(int TilesPerImage = 8, int FramesPerVideo = 8, int TilesPerFrame = 2);
