namespace Verifier.Detector.Scanning;

/// <summary>A tile's area in a frame's native pixels; smaller than the model's tile only when the whole frame is (it is scaled up).</summary>
public readonly record struct TileRect(int X, int Y, int Width, int Height);
