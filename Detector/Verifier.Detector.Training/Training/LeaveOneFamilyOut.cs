using System.Diagnostics;
using System.Text.Json;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Media;
using static System.FormattableString;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// The leave-one-family-out protocol: family groups dealt into folds (<see cref="LofoFolds"/>), tiles cut once for
/// the whole corpus (or read from the tile cache), then per fold: train on its training side less a calibration slice
/// of families, fit the temperature on that slice's files, score the held-out files (mean tile logit per file), and run
/// the metadata-only baseline on the same files. A finished fold is saved and skipped by a re-run.
/// </summary>
public static class LeaveOneFamilyOut
{
    public const string ReportJson = "lofo.json";
    public const string ReportMarkdown = "lofo.md";
    public const string FoldResultFile = "result.json";

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<LofoReport> RunAsync(LofoRequest request, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var options = request.Training;
        _ = TorchDevices.Resolve(options.Device);
        if (options.Net.FindProblem() is { } problem)
        {
            throw new ArgumentException($"detector net options: {problem}", nameof(request));
        }

        var items = Corpus.Load(request.DataFolders);
        var folds = LofoFolds.Make(items, request.Folds, options.Seed);
        progress?.Report($"corpus: {items.Count} items in {folds.Count} folds");
        var tools = FfmpegTools.Locate();
        var clock = Stopwatch.StartNew();
        var tiles = await TilesAsync(request, items, tools, progress, cancellation).ConfigureAwait(false);
        var cutSeconds = clock.Elapsed.TotalSeconds;

        var card = DetectorTraining.UncalibratedCard("lofo", options.Net);
        // One reader for every fold: each fold's baseline probes the same files.
        var metadata = new FileMetadataReader(tools);
        // A probe's frozen trunk gives each tile the same features in every fold: computed once, when a fold first trains.
        TrunkFeatures? trunk = null;
        TrunkFeatures? SharedTrunk()
        {
            if (trunk is null && request.ShareTrunkFeatures && options.TrainsOnTrunkFeatures)
            {
                var features = Stopwatch.StartNew();
                trunk = TrunkFeatures.Compute(options, card, tiles.Tiles);
                progress?.Report($"features: the frozen trunk's, of all {tiles.Tiles.Count} tiles once for every fold, in {features.Elapsed.TotalSeconds:0} s");
            }

            return trunk;
        }

        var results = new List<LofoFoldResult>();
        try
        {
            foreach (var fold in folds)
            {
                results.Add(await FoldAsync(request, fold, tiles, card, SharedTrunk, metadata, progress, cancellation).ConfigureAwait(false));
            }
        }
        finally
        {
            trunk?.Dispose();
        }

        var report = LofoSummary.Of(results, tiles, cutSeconds, request.BootstrapResamples, options.Seed);
        Directory.CreateDirectory(request.OutputFolder);
        File.WriteAllBytes(Path.Combine(request.OutputFolder, ReportJson), JsonSerializer.SerializeToUtf8Bytes(report, Json));
        File.WriteAllText(Path.Combine(request.OutputFolder, ReportMarkdown), LofoSummary.Markdown(report));
        return report;
    }

    /// <summary>What the tiles depend on: a cache cut with anything else is refused.</summary>
    public static string TileSettings(LofoRequest request) => JsonSerializer.Serialize(new
    {
        request.Training.Net.TileSize, request.Training.Seed, Sampling = Sampling(request), request.Augmentation,
    });

    /// <summary>A temporal net's samples are runs of its T frames.</summary>
    private static TileSampling Sampling(LofoRequest request) => request.Sampling with { FramesPerSample = request.Training.Net.Frames };

    private static async Task<TileSet> TilesAsync(
        LofoRequest request, IReadOnlyList<CorpusItem> items, FfmpegTools tools, IProgress<string>? progress, CancellationToken cancellation)
    {
        var settings = TileSettings(request);
        if (request.TilesPath is { } cache && File.Exists(cache))
        {
            var (cached, cachedSettings) = TileCache.Read(cache);
            if (cachedSettings != settings)
            {
                throw new InvalidDataException($"{cache}: its tiles were cut with other settings ({cachedSettings}, not {settings}); delete it or pass another --tiles");
            }

            var paths = items.Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
            if (cached.Tiles.Select(t => t.SourcePath).Distinct().Count(p => !paths.Contains(p)) is > 0 and var foreign)
            {
                throw new InvalidDataException($"{cache}: {foreign} of its files are not in the corpus (cut from another corpus or folder); delete it or pass another --tiles");
            }

            progress?.Report($"tiles: {cached.Tiles.Count} read from {cache}");
            return cached;
        }

        var cutter = new TileCutter(request.Training.Net.TileSize, request.Augmentation);
        var tiles = await new TileSetBuilder(tools, cutter, Sampling(request), request.Augmentation)
            .BuildAsync(items, request.Training.Seed, progress, cancellation).ConfigureAwait(false);
        if (request.TilesPath is { } path)
        {
            TileCache.Write(path, tiles, settings);
            progress?.Report($"tiles: wrote {tiles.Tiles.Count} to {path}");
        }

        return tiles;
    }

    private static async Task<LofoFoldResult> FoldAsync(
        LofoRequest request,
        LofoFold fold,
        TileSet tiles,
        ModelCard card,
        Func<TrunkFeatures?> sharedTrunk,
        FileMetadataReader metadata,
        IProgress<string>? progress,
        CancellationToken cancellation)
    {
        var options = request.Training;
        var folder = Path.Combine(request.OutputFolder, $"fold-{fold.Index + 1}");
        var resultPath = Path.Combine(folder, FoldResultFile);
        var settings = JsonSerializer.Serialize(new
        {
            Training = options with { Device = "any" }, Tiles = TileSettings(request), request.CalibrationFraction, fold.HeldOutGroups,
        });
        if (request.AiFamilyShare < 1)
        {
            // Appended only when set, so folds run before the option existed still resume.
            settings += Invariant($";ai-family-share={request.AiFamilyShare:R}");
        }

        if (File.Exists(resultPath))
        {
            var done = ReadFoldResult(resultPath);
            if (done.Settings != settings)
            {
                throw new InvalidDataException($"{resultPath}: this fold was run with other settings or folds; delete {request.OutputFolder} or pass another --out");
            }

            progress?.Report($"fold {fold.Index + 1}: done before, read {resultPath}");
            return done;
        }

        // The temperature is fitted on families this fold neither trains on nor scores (generators' files and real ones:
        // fakes made from real items are training data only).
        var calibration = FamilySplit.Split(fold.Train, request.CalibrationFraction, options.Seed);
        calibration = calibration with { Validation = [.. calibration.Validation.Where(i => i.DerivedFrom is null)] };
        // A draw of its own per fold, so each fold trains on its own generators; a share of 1 keeps every item in order.
        calibration = calibration with { Train = FamilySplit.WithAiFamilyShare(calibration.Train, request.AiFamilyShare, (options.Seed * 1000) + fold.Index) };
        var trainAiFamilies = calibration.TrainFamilies.Count(f => f.IsAi);
        if (options.FamilyWeight > 0)
        {
            options = options with { FamilyClasses = FamilyClasses.Of(calibration.Train) };
        }

        var (fitTiles, calibrationTiles, heldTiles) = (tiles.TilesOf(calibration.Train), tiles.TilesOf(calibration.Validation), tiles.TilesOf(fold.HeldOut));
        progress?.Report($"fold {fold.Index + 1}: holding out {string.Join(", ", fold.HeldOutFamilies.Select(f => f.CardName))}; " +
            $"training on {fitTiles.Count} tiles of {trainAiFamilies} AI families, calibrating on {calibrationTiles.Count}, scoring {heldTiles.Count}");

        // Before the clock: the fold's train seconds are its own, not the shared features' (reported once, on their own).
        var trunk = sharedTrunk();
        var clock = Stopwatch.StartNew();
        float[] calibrationLogits, heldLogits;
        using (var fitFeatures = trunk?.Of(fitTiles))
        using (var calibrationFeatures = trunk?.Of(calibrationTiles))
        using (var heldFeatures = trunk?.Of(heldTiles))
        using (var trainer = new DetectorTrainer(options, card, Path.Combine(folder, "checkpoint"), progress))
        {
            trainer.Fit(fitTiles, fitFeatures, cancellation);
            (calibrationLogits, heldLogits) = (trainer.Logits(calibrationTiles, calibrationFeatures), trainer.Logits(heldTiles, heldFeatures));
        }

        var trainSeconds = clock.Elapsed.TotalSeconds;
        var calibrationFiles = FileLogits(calibrationTiles, calibrationLogits);
        if (!calibrationFiles.Any(f => f.IsAi) || calibrationFiles.All(f => f.IsAi))
        {
            throw new CorpusException($"fold {fold.Index + 1}: the calibration families gave tiles of one label only");
        }

        var temperature = TemperatureFit.Fit([.. calibrationFiles.Select(f => (float)f.MeanLogit)], [.. calibrationFiles.Select(f => f.IsAi)]);
        var calibrated = new Model.Calibration(temperature);
        var scores = FileLogits(heldTiles, heldLogits)
            .Select(f => f with { ProbabilityOfAi = calibrated.ProbabilityOfAi((float)f.MeanLogit) }).ToArray();

        var (baseline, baselineProblem) = await BaselineAsync(fold, scores, metadata, request, cancellation).ConfigureAwait(false);
        var result = new LofoFoldResult(fold.Index + 1, settings, fold.HeldOutGroups, [.. calibration.ValidationFamilies.Select(f => f.CardName)],
            fitTiles.Count, calibrationTiles.Count, heldTiles.Count, temperature, trainSeconds, scores, baseline, baselineProblem, trainAiFamilies);
        var temp = resultPath + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(result, Json));
        File.Move(temp, resultPath, overwrite: true);
        // The fold's figures are saved; its weights are not needed again.
        Directory.Delete(Path.Combine(folder, "checkpoint"), recursive: true);
        progress?.Report($"fold {fold.Index + 1}: done in {trainSeconds:0} s; temperature {temperature:0.###}");
        return result;
    }

    private static LofoFoldResult ReadFoldResult(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LofoFoldResult>(File.ReadAllBytes(path), Json) ?? throw new JsonException("the result is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a fold result ({e.Message}); delete it to run the fold again", e);
        }
    }

    /// <summary>Per file, in first-tile order: the mean of its tiles' logits (p_ai filled in once calibrated).</summary>
    private static List<LofoFileScore> FileLogits(IReadOnlyList<TrainingTile> tiles, float[] logits) =>
        [.. FileLogit.Of(tiles, logits).Select(f => new LofoFileScore(f.File, f.IsAi, f.Family, f.MeanLogit, double.NaN))];

    private static async Task<(BaselineResult?, string?)> BaselineAsync(
        LofoFold fold, IReadOnlyList<LofoFileScore> scores, FileMetadataReader metadata, LofoRequest request, CancellationToken cancellation)
    {
        var scored = scores.Select(s => new ScoredFile(s.File, s.IsAi ? "ai" : "real", s.Family, s.ProbabilityOfAi, string.Empty, string.Empty, string.Empty)).ToArray();
        try
        {
            var baseline = await MetadataBaseline.RunAsync(fold.Train, fold.HeldOut, $"lofo fold {fold.Index + 1}", scored, metadata,
                request.BootstrapResamples, request.Training.Seed, cancellation).ConfigureAwait(false);
            return (baseline, null);
        }
        catch (CorpusException e)
        {
            return (null, e.Message);
        }
    }
}
