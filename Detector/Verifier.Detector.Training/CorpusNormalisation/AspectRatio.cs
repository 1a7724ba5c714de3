namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>A width:height ratio of small whole numbers (4:3 is landscape, 3:4 portrait).</summary>
public readonly record struct AspectRatio(int Width, int Height)
{
    public override string ToString() => $"{Width}:{Height}";
}
