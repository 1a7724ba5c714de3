namespace Verifier.Media;

/// <summary>A picture size in pixels.</summary>
public readonly record struct FrameSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}
