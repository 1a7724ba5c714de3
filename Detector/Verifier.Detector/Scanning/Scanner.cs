using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Verifier.Detector.Model;
using Verifier.Detector.Reports;
using Verifier.Detector.Scoring;
using Verifier.Media;

namespace Verifier.Detector.Scanning;

/// <summary>
/// Scans one file for AI origin: file -> media kind -> probe -> sampled frames decoded at native resolution -> tiles ->
/// normalised samples -> ONNX Runtime in batches -> tile, frame, second and file scores (<see cref="ScoreAggregation"/>)
/// -> <see cref="ScanReport"/>, with the file's C2PA evidence and hash computed alongside the decoding and kept apart from
/// the score. A still image Skia reads is one frame; anything else (an animated GIF included) is a clip for ffmpeg.
/// A file that cannot be scanned gives <see cref="ScanException"/>. The model is the caller's to dispose.
/// </summary>
public sealed class Scanner
{
    public const string ToolName = "verifier";

    // Below this JPEG quality a still's score is flagged: in the default model's robustness grid quality 50 took its AUC
    // on stills from 0.80 to 0.56, close to chance, while quality 75 cost it 0.05 (README, "Detector model").
    private const int HeavyJpegQuality = 60;

    private readonly DetectorModel model;
    private readonly FfmpegTools? tools;
    private readonly ScanOptions options;

    public Scanner(DetectorModel model, FfmpegTools? tools, ScanOptions options)
    {
        if (options.FindProblem() is { } problem)
        {
            throw new ArgumentException($"scan option {problem}", nameof(options));
        }

        // Frames are RGB; a card asking for other channels (grey, RGB + residuals) needs its own preprocessing.
        if (model.Card.Channels != 3)
        {
            throw new DetectorModelException(ModelCard.PathFor(model.ModelPath), $"the scanner feeds RGB tiles (3 channels); the card says {model.Card.Channels}");
        }

        this.model = model;
        this.tools = tools;
        this.options = options;
    }

    /// <summary>The version the report names: the assembly's informational version.</summary>
    public static string ToolVersion { get; } =
        typeof(Scanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<ScanOutcome> ScanAsync(string path, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(path);
        var total = Stopwatch.StartNew();
        if (!File.Exists(full))
        {
            throw new ScanException(full, Directory.Exists(full) ? "is a directory, not a file" : "no such file");
        }

        var stages = new ConcurrentDictionary<string, double>();
        using var sideWork = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var hash = Timed(stages, "sha256", () => FileHash.Sha256Async(full, sideWork.Token));
        var provenance = Timed(stages, "provenance", () => Task.Run(() => ProvenanceEvidenceReader.Read(full, options.Trust), sideWork.Token));
        try
        {
            var media = await ScanMediaAsync(full, stages, ct).ConfigureAwait(false);
            var scores = ScoreAggregation.Aggregate(media.Frames, model.Card, media.Type == MediaTypes.Video, media.Facts.DurationSeconds);
            var report = new ScanReport
            {
                File = full,
                Sha256 = await hash.ConfigureAwait(false),
                MediaType = media.Type,
                ProbabilityOfAi = scores.ProbabilityOfAi,
                Verdict = ScoreAggregation.Word(scores.Verdict),
                Segments = scores.Segments,
                Frames = scores.Frames,
                Provenance = await provenance.ConfigureAwait(false),
                Model = new ModelIdentity(model.Card.Name, model.Card.Version, model.Sha256),
                Tool = new ToolIdentity(ToolName, ToolVersion),
                AnalyzedAt = DateTimeOffset.UtcNow,
                TimingMs = total.Elapsed.TotalMilliseconds,
                Media = media.Facts,
                StagesMs = new SortedDictionary<string, double>(stages),
                Notes = media.Notes,
            };
            return new ScanOutcome(report, [.. media.Pictures.OrderBy(p => p.TimeSeconds)], model.Card);
        }
        catch (Exception e) when (e is MediaException or DetectorModelException or IOException or UnauthorizedAccessException)
        {
            throw new ScanException(full, WithoutFileName(e.Message, full), e);
        }
        finally
        {
            // On failure the hash and the provenance read are not wanted; they still finish before the file is let go.
            await sideWork.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(hash, provenance).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task<ScannedMedia> ScanMediaAsync(string path, ConcurrentDictionary<string, double> stages, CancellationToken ct)
    {
        if (ImageDecoder.StillFormat(path) is { } format)
        {
            var decode = Stopwatch.StartNew();
            var image = ImageDecoder.Decode(path);
            stages["decode"] = decode.Elapsed.TotalMilliseconds;
            var facts = new MediaFacts(image.Width, image.Height, 0, 0, format, HasAudio: false);
            var scanned = await ScoreFramesAsync(MediaTypes.Image, facts, runs: 1, frames: 1, stages,
                (collector, token) => collector.AddAsync(new RunFrame(0, 0, image), token).AsTask(), ct).ConfigureAwait(false);
            return format == "jpeg" && JpegQuality.Estimate(path) is { } quality and < HeavyJpegQuality
                ? scanned with { Notes = [.. scanned.Notes, $"saved at JPEG quality about {quality}: compression this heavy flattens the fine texture a pixel detector reads (at quality 50 the default model is close to chance), so p_ai says little here"] }
                : scanned;
        }

        var ffmpeg = tools ?? FfmpegTools.Locate();
        var probing = Stopwatch.StartNew();
        var clip = await new Ffprobe(ffmpeg).ProbeAsync(path, ct).ConfigureAwait(false);
        stages["probe"] = probing.Elapsed.TotalMilliseconds;
        var plan = Plan(clip);
        var size = clip.DisplaySize;
        var clipFacts = new MediaFacts(size.Width, size.Height, clip.DurationSeconds, clip.FramesPerSecond, clip.Codec, clip.HasAudio);
        Task<ScannedMedia> Decode(bool groupKeyframes) => ScoreFramesAsync(MediaTypes.Video, clipFacts, plan.Count, plan.Sum(run => run.FrameCount), stages,
            (collector, token) => new VideoDecoder(ffmpeg, groupKeyframes).DecodeEachAsync(clip, plan, size, collector.AddAsync, token), ct);
        try
        {
            return await Decode(groupKeyframes: true).ConfigureAwait(false);
        }
        catch (KeyframeGroupException)
        {
            // Which frame came from which run is unknown: start again with one ffmpeg per run, which says what is wrong.
            stages.TryRemove("decode", out _);
            return await Decode(groupKeyframes: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The frames to decode, keyframe-snapped where decoding up to a start would waste more than the options allow. A
    /// one-frame model takes the spread frames and the runs; a temporal model needs T consecutive frames per sample, which
    /// single spread frames cannot give, so every frame it gets comes from a run of at least T.
    /// </summary>
    private IReadOnlyList<SampleRun> Plan(ProbeResult clip)
    {
        var pixelsPerSecond = (double)clip.Width * clip.Height * clip.FramesPerSecond;
        var maxLead = pixelsPerSecond > 0 ? options.DecodeLeadMegapixels * 1e6 / pixelsPerSecond : double.PositiveInfinity;
        var perSample = model.Card.FramesPerSample;
        return perSample == 1
            ? SamplePlanner.Plan(clip, options.SpreadFrames, options.RunCount, options.RunLength, maxLead)
            : SamplePlanner.Plan(clip, 0, options.SpreadFrames + options.RunCount, Math.Max(options.RunLength, perSample), maxLead);
    }

    private async Task<ScannedMedia> ScoreFramesAsync(
        string type, MediaFacts facts, int runs, int frames, ConcurrentDictionary<string, double> stages,
        Func<SampleCollector, CancellationToken, Task> feed, CancellationToken ct)
    {
        var card = model.Card;
        var tilesPerFrame = Math.Clamp(options.MaxTilesPerClip / Math.Max(1, frames), 1, options.MaxTilesPerFrame);
        var tiles = TileGrid.Place(facts.Width, facts.Height, card.TileSize, tilesPerFrame);
        List<string> notes = TileGrid.IsSmallerThanTile(facts.Width, facts.Height, card.TileSize)
            ? [$"frames are {facts.Width}x{facts.Height}, smaller than the model's {card.TileSize}x{card.TileSize} tile: each was scaled up to one tile"]
            : [];

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var scorer = new SampleScorer(model, options.BatchSize, failed.Token);
        var collector = new SampleCollector(card, tiles, runs, scorer, options.PictureLongSide);
        var decoding = Stopwatch.StartNew();
        try
        {
            await feed(collector, failed.Token).ConfigureAwait(false);
            await collector.FinishAsync(failed.Token).ConfigureAwait(false);
        }
        catch
        {
            // Stop the scorer and wait for it, so nothing runs on after this file's failure.
            await failed.CancelAsync().ConfigureAwait(false);
            await scorer.CompleteAsync().ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        stages.TryAdd("decode", decoding.Elapsed.TotalMilliseconds);
        await scorer.CompleteAsync().ConfigureAwait(false);
        stages["score"] = scorer.ScoringTime.TotalMilliseconds;
        if (collector.Frames.Count == 0)
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, "no video frame could be decoded");
        }

        return new ScannedMedia(type, facts, collector.Frames, collector.Pictures, notes);
    }

    private static async Task<T> Timed<T>(ConcurrentDictionary<string, double> stages, string stage, Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        var result = await work().ConfigureAwait(false);
        stages[stage] = watch.Elapsed.TotalMilliseconds;
        return result;
    }

    // Media and model errors already start with the file's path; the scan error adds it once.
    private static string WithoutFileName(string message, string path) =>
        message.StartsWith(path + ": ", StringComparison.Ordinal) ? message[(path.Length + 2)..] : message;

    private sealed record ScannedMedia(
        string Type, MediaFacts Facts, IReadOnlyList<ScoredFrame> Frames, IReadOnlyList<ReportPicture> Pictures, IReadOnlyList<string> Notes);
}
