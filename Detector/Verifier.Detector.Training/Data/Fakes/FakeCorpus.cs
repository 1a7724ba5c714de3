using System.Diagnostics;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Media;

namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>
/// Writes a corpus of AI-labelled fakes made from the real items of other corpora (see <see cref="IFakeMaker"/>):
/// OUT/KIND/CORPUS/path-of-the-original.KINDn.ext plus OUT/MANIFEST.tsv, which <see cref="Corpus"/> loads. Each fake's
/// random choices come from the seed, its kind, its original's path and its number alone, so the same seed gives the
/// same bytes whatever the thread count or the order items finish in. Originals that cannot be read are skipped and named.
/// </summary>
public static class FakeCorpus
{
    private sealed record Job(CorpusItem Original, string Relative, IFakeMaker Maker, int Variant);

    public static async Task<FakeCorpusReport> WriteAsync(FakeCorpusRequest request, Action<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.PerItem, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Threads, 1);
        var clock = Stopwatch.StartNew();
        var output = Path.GetFullPath(request.OutputFolder);
        var originals = Originals(request.DataFolders);
        var jobs = originals
            .SelectMany(o => request.Makers.SelectMany(m => Enumerable.Range(0, m.Variants(request.PerItem)).Select(v => new Job(o.Item, o.Relative, m, v))))
            .ToArray();
        Directory.CreateDirectory(output);

        var rows = new ManifestRow?[jobs.Length];
        var skipped = new SkippedItem?[jobs.Length];
        var tools = FfmpegTools.Locate();
        var options = new ParallelOptions { MaxDegreeOfParallelism = request.Threads, CancellationToken = cancellation };
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Length), options, async (index, token) =>
        {
            var job = jobs[index];
            var stem = Path.Combine(output, job.Maker.Kind, $"{Path.ChangeExtension(job.Relative, null)}.{job.Maker.Kind}{job.Variant + 1}");
            Directory.CreateDirectory(Path.GetDirectoryName(stem)!);
            try
            {
                var made = await job.Maker.MakeAsync(job.Original, JobRandom(request.Seed, job), stem, token).ConfigureAwait(false);
                rows[index] = await DescribeAsync(tools, output, job, made, token).ConfigureAwait(false);
                progress?.Invoke($"wrote {rows[index]!.Path} ({made.Family})");
            }
            catch (MediaException e) when (e.Kind != MediaErrorKind.ToolMissing)
            {
                skipped[index] = new SkippedItem(job.Original.Path, e.Message);
                progress?.Invoke($"skipped {job.Original.Path}: {e.Message}");
            }
        }).ConfigureAwait(false);

        var manifest = Path.Combine(output, Corpus.ManifestName);
        var written = rows.OfType<ManifestRow>().ToArray();
        ManifestRow.WriteAll(manifest, written);
        return new FakeCorpusReport(manifest, originals.Count, written, [.. skipped.OfType<SkippedItem>().DistinctBy(s => s.Path)], clock.Elapsed);
    }

    /// <summary>The real originals of every folder, each with its path under the output: CORPUS/relative (corpus names made unique).</summary>
    private static List<(CorpusItem Item, string Relative)> Originals(IReadOnlyList<string> folders)
    {
        var originals = new List<(CorpusItem, string)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var root = Path.GetFullPath(folder);
            var baseName = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : "corpus";
            var name = baseName;
            for (var k = 2; !names.Add(name); k++)
            {
                name = $"{baseName}-{k}";
            }

            originals.AddRange(Corpus.Load(root)
                .Where(i => !i.IsAi && i.DerivedFrom is null)
                .Select(i => (i, Path.Combine(name, Path.GetRelativePath(root, i.Path)))));
        }

        return originals;
    }

    private static Random JobRandom(int seed, Job job) => ItemDraws.For(seed, $"{job.Maker.Kind}\n{Slashes(job.Relative)}\n{job.Variant}");

    private static async Task<ManifestRow> DescribeAsync(FfmpegTools tools, string output, Job job, MadeFake made, CancellationToken cancellation)
    {
        (int Width, int Height, double? Fps, double? Duration) shape;
        if (job.Original.MediaType == MediaTypes.Image)
        {
            var size = ImageDecoder.ReadSize(made.Path);
            shape = (size.Width, size.Height, null, null);
        }
        else
        {
            var clip = await new Ffprobe(tools).ProbeAsync(made.Path, cancellation).ConfigureAwait(false);
            shape = (clip.Width, clip.Height, clip.FramesPerSecond, clip.DurationSeconds);
        }

        var hash = await FileHash.Sha256Async(made.Path, cancellation).ConfigureAwait(false);
        return new ManifestRow(
            Slashes(Path.GetRelativePath(output, made.Path)), "ai", job.Original.MediaType, made.Family, job.Original.Source, job.Original.Licence,
            shape.Width, shape.Height, shape.Fps, shape.Duration, new FileInfo(made.Path).Length, hash,
            $"{made.Processing} (from the real {Slashes(job.Relative)})", Slashes(job.Relative));
    }

    private static string Slashes(string path) => path.Replace(Path.DirectorySeparatorChar, '/');
}
