namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>What <see cref="FakeCorpus.WriteAsync"/> makes: fakes of every real item of <see cref="DataFolders"/>.</summary>
public sealed record FakeCorpusRequest(IReadOnlyList<string> DataFolders, string OutputFolder, IReadOnlyList<IFakeMaker> Makers)
{
    /// <summary>Fakes per real item and kind (a kind with no random choice makes one).</summary>
    public int PerItem { get; init; } = 1;

    public int Seed { get; init; } = 1;

    /// <summary>Items made at once (each runs one single-threaded ffmpeg).</summary>
    public int Threads { get; init; } = 1;
}

/// <summary>A real item no fake could be made of, and why.</summary>
public sealed record SkippedItem(string Path, string Reason);

/// <summary>What a run wrote: the fakes (in manifest order), the skipped originals, and the bytes and time it took.</summary>
public sealed record FakeCorpusReport(
    string ManifestPath, int Originals, IReadOnlyList<ManifestRow> Fakes, IReadOnlyList<SkippedItem> Skipped, TimeSpan Elapsed)
{
    public long Bytes => Fakes.Sum(f => f.Bytes);
}
