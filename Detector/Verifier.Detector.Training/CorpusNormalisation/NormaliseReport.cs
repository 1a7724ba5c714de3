using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>
/// What a normalisation run wrote: the manifest, how many files, which inputs it skipped and why, how many it left out to
/// balance kinds, and how long it took.
/// </summary>
public sealed record NormaliseReport(string ManifestPath, int Written, IReadOnlyList<SkippedFile> Skipped, int LeftOutToBalance, TimeSpan Elapsed);
