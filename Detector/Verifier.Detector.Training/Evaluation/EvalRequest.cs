namespace Verifier.Detector.Training.Evaluation;

/// <summary>Which corpus families an evaluation scores.</summary>
public enum FamilyScope
{
    /// <summary>The families the model card lists as held out when it lists any, else every family.</summary>
    Auto,

    /// <summary>Only the card's held-out families (an error when the card names none in the corpus).</summary>
    HeldOut,

    /// <summary>Every family of the corpus.</summary>
    All,
}

/// <summary>
/// One `verifier eval` run: every file of the corpora (or of the card's held-out families) scored through the product's
/// scanner, then again after a platform-style re-encode (clips: H.264 at <see cref="Crf"/>; images: JPEG at
/// <see cref="JpegQuality"/>) unless <see cref="Reencode"/> is off; with <see cref="Robustness"/>, every condition of
/// <see cref="RobustnessCondition.Grid"/> (the re-encoded pass is then read off its CRF 28 and JPEG q75 cells).
/// </summary>
public sealed record EvalRequest(IReadOnlyList<string> DataFolders, string ModelPath)
{
    public FamilyScope Families { get; init; } = FamilyScope.Auto;

    public bool Reencode { get; init; } = true;

    public bool Robustness { get; init; }

    public int Crf { get; init; } = 28;

    public int JpegQuality { get; init; } = 75;

    /// <summary>Resamples of the files for the AUC's 95% interval (0: no interval).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    public int Seed { get; init; } = 1;
}
