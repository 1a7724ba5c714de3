namespace Verifier.Detector.Scanning;

/// <summary>
/// One report frame being scored: its time, its tiles (native pixels) and one logit per tile once scored. For a temporal
/// model it stands for the T consecutive frames of one sample, at the time of the first.
/// </summary>
internal sealed class ScoredFrame(double timeSeconds, IReadOnlyList<TileRect> tiles)
{
    public double TimeSeconds { get; } = timeSeconds;

    public IReadOnlyList<TileRect> Tiles { get; } = tiles;

    public float[] Logits { get; } = new float[tiles.Count];
}
