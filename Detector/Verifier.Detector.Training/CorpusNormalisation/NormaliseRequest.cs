namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>One `verifier corpus normalise` run: the corpora to copy, where to write the copy, the seed and the parallelism.</summary>
public sealed record NormaliseRequest(IReadOnlyList<string> DataFolders, string OutFolder)
{
    public int Seed { get; init; } = 1;

    /// <summary>Items processed at once (each encode runs on one thread, so its bytes do not depend on timing).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
