using System.Diagnostics;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Media;

namespace Verifier.Detector.Training.CorpusNormalisation;

/// <summary>
/// Writes a format-normalised copy of corpora (<see cref="NormalisationRule"/>): stills become JPEGs, clips H.264 MP4s,
/// each at an aspect, size, quality, frame rate and length drawn per item, into OUT/real/... and OUT/ai/... with a
/// MANIFEST.tsv that <see cref="Corpus"/> reads back. Items that cannot be read are skipped by name; every file appears
/// under its name only when complete; the same corpora and seed give the same bytes.
/// </summary>
public static class CorpusNormaliser
{
    private sealed record Job(CorpusItem Item, string Key, string OutRelative, bool IsStill);

    public static async Task<NormaliseReport> RunAsync(NormaliseRequest request, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Threads, 1);
        var clock = Stopwatch.StartNew();
        var outFolder = Path.GetFullPath(request.OutFolder);
        var planned = Plan(request.DataFolders, outFolder);
        var jobs = request.BalanceKinds ? KindBalance.Keep(planned, j => j.Item.IsAi, j => !j.IsStill, j => j.Key, request.Seed) : planned;
        // Only once the corpora are read and the folder is known to lie outside them.
        Directory.CreateDirectory(outFolder);
        var tools = FfmpegTools.Locate();
        progress?.Report($"normalising {jobs.Count} files into {outFolder} (seed {request.Seed}, {request.Threads} at once" +
            (request.BalanceKinds ? $"; {planned.Count - jobs.Count} left out to balance kinds)" : ")"));

        var rows = new ManifestRow?[jobs.Count];
        var skipped = new SkippedFile?[jobs.Count];
        var done = 0;
        var progressGate = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.Threads, CancellationToken = cancellation };
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count), parallel, async (n, token) =>
        {
            var job = jobs[n];
            try
            {
                rows[n] = await NormaliseAsync(job, Path.Combine(outFolder, job.OutRelative), request, tools, token).ConfigureAwait(false);
            }
            catch (MediaException e)
            {
                skipped[n] = new SkippedFile(job.Item.Path, e.Message);
                // A file left by an earlier run would sit in the folder without a manifest line.
                File.Delete(Path.Combine(outFolder, job.OutRelative));
            }

            var count = Interlocked.Increment(ref done);
            if (count % 10 == 0 || count == jobs.Count)
            {
                // One line at a time: the progress writer is shared by the parallel items.
                lock (progressGate)
                {
                    progress?.Report($"normalised {count}/{jobs.Count} files");
                }
            }
        }).ConfigureAwait(false);

        var manifest = Path.Combine(outFolder, Corpus.ManifestName);
        var written = rows.OfType<ManifestRow>().ToArray();
        ManifestRow.WriteAll(manifest, written);
        return new NormaliseReport(manifest, written.Length, [.. skipped.OfType<SkippedFile>()], planned.Count - jobs.Count, clock.Elapsed);
    }

    /// <summary>
    /// Every item with its key (its path inside its corpus, which seeds its draws) and its output path: the same path under
    /// the label's folder, as .jpg or .mp4, numbered when two items would land on one name.
    /// </summary>
    private static List<Job> Plan(IReadOnlyList<string> dataFolders, string outFolder)
    {
        var jobs = new List<Job>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in dataFolders)
        {
            var root = Path.GetFullPath(folder);
            if (outFolder == root || outFolder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new CorpusException($"{outFolder}: the output folder must lie outside the corpus {root}");
            }

            foreach (var item in Corpus.Load(root))
            {
                var key = Path.GetRelativePath(root, item.Path).Replace(Path.DirectorySeparatorChar, '/');
                var isStill = ImageDecoder.StillFormat(item.Path) is not null;
                var inside = key.StartsWith(item.Label + "/", StringComparison.Ordinal) ? key[(item.Label.Length + 1)..] : key;
                var stem = $"{item.Label}/{Path.ChangeExtension(Safe(inside), null)}";
                var extension = isStill ? ".jpg" : ".mp4";
                var outRelative = stem + extension;
                for (var copy = 2; !taken.Add(outRelative); copy++)
                {
                    outRelative = $"{stem}-{copy}{extension}";
                }

                jobs.Add(new Job(item, key, outRelative, isStill));
            }
        }

        return jobs;
    }

    private static string Safe(string relative) => string.Concat(relative.Select(c => c is '\t' or '\n' or '\r' ? '_' : c));

    private static async Task<ManifestRow> NormaliseAsync(Job job, string output, NormaliseRequest request, FfmpegTools tools, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var random = ItemDraws.For(request.Seed, job.Key);
        string processing;
        FrameSize size;
        double? fps = null, duration = null;
        if (job.IsStill)
        {
            var plan = NormalisationRule.ForStill(random, Checked(job, ImageDecoder.ReadSize(job.Item.Path)), request.NativeScale);
            ImageTranscoder.Write(job.Item.Path, output, plan.Edit);
            (processing, size) = (plan.Processing, ImageDecoder.ReadSize(output));
        }
        else
        {
            var probe = new Ffprobe(tools);
            var source = await probe.ProbeAsync(job.Item.Path, cancellation).ConfigureAwait(false);
            var plan = NormalisationRule.ForClip(random, Checked(job, source.DisplaySize), request.NativeScale);
            await new VideoTranscoder(tools).TranscodeAsync(job.Item.Path, output, plan.Edit, cancellation).ConfigureAwait(false);
            var written = await probe.ProbeAsync(output, cancellation).ConfigureAwait(false);
            (processing, size, fps, duration) = (plan.Processing, written.DisplaySize, Math.Round(written.FramesPerSecond, 3), Math.Round(written.DurationSeconds, 3));
        }

        var item = job.Item;
        return new ManifestRow(
            job.OutRelative, item.Label, job.IsStill ? MediaTypes.Image : MediaTypes.Video, item.Family, item.Source, item.Licence,
            size.Width, size.Height, fps, duration, new FileInfo(output).Length, await FileHash.Sha256Async(output, cancellation).ConfigureAwait(false), processing, item.DerivedFrom);
    }

    private static FrameSize Checked(Job job, FrameSize size) =>
        Math.Min(size.Width, size.Height) >= NormalisationRule.MinSourceSide ? size
            : throw new MediaException(MediaErrorKind.UnreadableMedia,
                $"{job.Item.Path}: {size} is too small to normalise (each side must be at least {NormalisationRule.MinSourceSide} pixels).");
}
