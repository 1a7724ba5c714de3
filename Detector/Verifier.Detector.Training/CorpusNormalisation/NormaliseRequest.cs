namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>One `verifier corpus normalise` run: the corpora to copy, where to write the copy, the seed and the parallelism.</summary>
public sealed record NormaliseRequest(IReadOnlyList<string> DataFolders, string OutFolder)
{
    public int Seed { get; init; } = 1;

    /// <summary>Items processed at once (each encode runs on one thread, so its bytes do not depend on timing).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Leave out part of one label's over-represented kind so both labels have the same share of clips (<see cref="KindBalance"/>).</summary>
    public bool BalanceKinds { get; init; }

    /// <summary>Cut each frame as a window at the source's own scale instead of scaling it (<see cref="NormalisationRule.Reframe"/>).</summary>
    public bool NativeScale { get; init; }
}
