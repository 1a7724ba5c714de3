using System.Security.Cryptography;
using System.Text;
using Verifier.Detector.Training.Data;

namespace Verifier.Generator.Training;

/// <summary>
/// What a cut of training clips depends on: the model's clip shape and class count, the runs cut from each file, and the
/// corpus (a digest of its real videos' families, paths relative to their corpus folder, and byte lengths: cheap, and a
/// different, grown or re-encoded corpus gives another). <see cref="RunsPerFile"/> and <see cref="Corpus"/> are null
/// when they are not known (a run from a cache alone), and then any value is accepted.
/// </summary>
public sealed record ClipCutSettings(int Frames, int Size, int Classes, int? RunsPerFile = null, string? Corpus = null)
{
    /// <summary>What a cut for <paramref name="model"/> needs, whatever corpus it came from.</summary>
    public static ClipCutSettings For(GeneratorConfig model) => new(model.Frames, model.Size, model.Classes);

    /// <summary>What a cut of <paramref name="corpora"/> (each folder with its items) for <paramref name="model"/> is.</summary>
    public static ClipCutSettings For(GeneratorConfig model, int runsPerFile, IEnumerable<(string Folder, IReadOnlyList<CorpusItem> Items)> corpora)
    {
        var lines = new StringBuilder();
        foreach (var (folder, items) in corpora)
        {
            var root = Path.GetFullPath(folder);
            foreach (var video in ClipSetBuilder.RealVideos(items))
            {
                var length = File.Exists(video.Path) ? new FileInfo(video.Path).Length : -1;
                lines.Append(video.Family).Append('\t').Append(Path.GetRelativePath(root, video.Path)).Append('\t').Append(length).Append('\n');
            }

            // Ends each folder, so two folders' files never read as one folder's.
            lines.Append('\n');
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));
        return For(model) with { RunsPerFile = runsPerFile, Corpus = digest };
    }

    /// <summary>Null when clips cut with <paramref name="cached"/> serve a run that needs these settings, else how they differ.</summary>
    public string? MismatchWith(ClipCutSettings cached) =>
        (Frames, Size, Classes) != (cached.Frames, cached.Size, cached.Classes)
            ? $"its clips are {cached.Frames} frames at {cached.Size}x{cached.Size} for {cached.Classes} classes; this model needs {Frames} frames at {Size}x{Size} for {Classes} classes"
            : RunsPerFile is { } runs && runs != cached.RunsPerFile
                ? $"it was cut with {cached.RunsPerFile} runs per file, not {runs}"
                : Corpus is { } corpus && corpus != cached.Corpus
                    ? $"it was cut from another corpus (real videos digest {cached.Corpus}, not {corpus})"
                    : null;
}
