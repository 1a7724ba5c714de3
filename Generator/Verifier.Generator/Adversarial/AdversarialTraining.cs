using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;
using Verifier.Generator.Generation;
using Verifier.Generator.Training;
using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// The adversarial loop. Round 0 measures the starting detector and generator. Each round after it: (a) the generator
/// makes fakes (sampled clips and aligned reconstructions of real training clips); (b) the detector fine-tunes on real
/// (corpus tiles, real clips at the generator's scale) vs AI (corpus tiles, the fakes); (c) the generator's transformer
/// fine-tunes against that detector, frozen (<see cref="AdversarialFineTuner"/>); (d) the round's figures are
/// recorded. Families held out by <see cref="FamilySplit"/> never train anything: they give the AUC. Each round is
/// saved whole (<see cref="RoundFolder"/>) and a rerun resumes after the last saved one with the same numbers, since
/// every random draw comes from the seed and the round.
/// </summary>
public static class AdversarialTraining
{
    private const string SettingsFile = "settings.json";
    private const int BootstrapResamples = 200;

    public static async Task<AdversarialReport> RunAsync(AdversarialRequest request, IProgress<string>? progress, CancellationToken cancellation)
    {
        var options = request.Options;
        if (options.FindProblem() is { } problem)
        {
            throw new ArgumentException($"adversarial options: {problem}", nameof(request));
        }

        var device = TorchDevices.Resolve(options.Device);
        var (net, startWeights) = request.DetectorModel is { } model ? StartingDetector.Locate(model) : (request.FreshDetector, null);
        var generatorCard = GeneratorCard.Read(request.GeneratorFolder);
        var config = generatorCard.Config;
        if (config.Size < net.TileSize || config.Size % net.TileSize != 0)
        {
            throw new ArgumentException($"the generator makes {config.Size}x{config.Size} clips; the detector's {net.TileSize}x{net.TileSize} tiles must divide them");
        }

        CheckSettings(request.OutFolder, options, net, startWeights);
        var items = Subset(Corpus.Load(request.DataFolders), options.ItemsPerFamily);
        var split = FamilySplit.Split(items, options.ValidationFraction, options.Seed);
        progress?.Report($"corpus: {items.Count} items; holding out {split.Validation.Count} of families " +
            string.Join(", ", split.ValidationFamilies.Select(f => f.CardName)));

        var (clips, skippedClips) = await ClipSetBuilder.BuildAsync(split.Train, config, options.ClipsPerFile, progress, cancellation).ConfigureAwait(false);
        var builder = new TileSetBuilder(FfmpegTools.Locate(), new TileCutter(net.TileSize, options.Augmentation), options.Sampling, options.Augmentation);
        var train = await builder.BuildAsync(split.Train, options.Seed, progress, cancellation).ConfigureAwait(false);
        var heldOut = await builder.BuildAsync(split.Validation, options.Seed + 1, progress, cancellation).ConfigureAwait(false);
        if (!heldOut.Tiles.Any(t => t.IsAi) || !heldOut.Tiles.Any(t => !t.IsAi))
        {
            throw new CorpusException("the held-out families gave no tiles of one label; the AUC needs both");
        }

        var realClipTiles = GeneratorFakes.Tiles(Enumerable.Range(0, clips.Count).Select(i => ClipAt(clips, i)), net.TileSize, isAi: false, GeneratorFakes.RealClipFamily);
        var context = new LoopContext(request, options, net, Card(net), device, clips, [.. train.Tiles, .. realClipTiles], heldOut.Tiles, progress);

        var rounds = new List<RoundRecord>();
        for (var round = 0; round <= options.Rounds; round++)
        {
            var folder = new RoundFolder(request.OutFolder, round);
            if (folder.IsComplete)
            {
                rounds.Add(folder.ReadRecord());
                progress?.Report($"round {round}: done earlier ({folder.Path})");
                continue;
            }

            folder.Clear();
            var record = round == 0 ? StartingRound(context, folder, startWeights, generatorCard) : Round(context, folder, round, cancellation);
            rounds.Add(record);
            progress?.Report($"round {round}: held-out AUC {record.HeldOutAuc:0.000} ({record.HeldOutAucLow:0.000}-{record.HeldOutAucHigh:0.000}), " +
                $"fooling rate {record.FoolingRate:0.000}, mean fake logit {record.MeanFakeLogit:0.000} ({record.Seconds:0} s)");
        }

        var report = new AdversarialReport(
            Path.GetFullPath(request.GeneratorFolder), request.DetectorModel is { } m ? Path.GetFullPath(m) : $"fresh net (tile {net.TileSize}, stages {string.Join("/", net.StageWidths)})",
            options, [.. split.TrainFamilies.Select(f => f.CardName)], [.. split.ValidationFamilies.Select(f => f.CardName)],
            train.Tiles.Count, heldOut.Tiles.Count, clips.Count, rounds, [.. skippedClips, .. train.Skipped, .. heldOut.Skipped]);
        report.Write(request.OutFolder);
        return report;
    }

    private sealed record LoopContext(
        AdversarialRequest Request, AdversarialOptions Options, DetectorNetOptions Net, ModelCard Card, Device Device, ClipSet Clips,
        IReadOnlyList<TrainingTile> TrainTiles, IReadOnlyList<TrainingTile> HeldOut, IProgress<string>? Progress);

    /// <summary>Round 0: the starting detector (trained, or fresh from the seed) and generator, measured, not trained.</summary>
    private static RoundRecord StartingRound(LoopContext c, RoundFolder folder, string? startWeights, GeneratorCard generatorCard)
    {
        var clock = Stopwatch.StartNew();
        manual_seed(c.Options.Seed);
        using var detector = new DetectorNet(c.Net);
        if (startWeights is not null)
        {
            LoadInto(detector, startWeights);
        }

        detector.to(c.Device);
        var (generator, _) = GeneratorModel.Load(c.Request.GeneratorFolder);
        using (generator)
        {
            generator.to(Precision.For(c.Device)).to(c.Device);
            var sampled = GeneratorFakes.Sample(new VideoGenerator(generator, c.Device), c.Options.SampledFakes, SampleSeed(c.Options, 0), c.Options.SamplingSteps);
            var (fooling, meanLogit) = GeneratorFakes.Judge(detector, c.Card, sampled, c.Device);
            var (auc, low, high, tpr) = HeldOutFigures(c, detector);
            var record = new RoundRecord(0, auc, low, high, tpr, fooling, meanLogit, null, null, null, null, null, null, null, null, clock.Elapsed.TotalSeconds);
            Dispose(sampled);
            generator.to(ScalarType.Float32).to(CPU);
            folder.Save(detector, generator, generatorCard, record);
            return record;
        }
    }

    private static RoundRecord Round(LoopContext c, RoundFolder folder, int round, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var previous = new RoundFolder(c.Request.OutFolder, round - 1);
        var (generator, card) = GeneratorModel.Load(previous.GeneratorFolder);
        using (generator)
        {
            generator.to(Precision.For(c.Device)).to(c.Device);
            var videos = new VideoGenerator(generator, c.Device);

            // (a) the fakes of the generator as it stands
            var sampleSeed = SampleSeed(c.Options, round);
            var sampled = GeneratorFakes.Sample(videos, c.Options.SampledFakes, sampleSeed, c.Options.SamplingSteps);
            var alignedPick = new Random(unchecked((c.Options.Seed * 31) + round)).GetItems(Enumerable.Range(0, c.Clips.Count).ToArray(), c.Options.AlignedFakes);
            var aligned = GeneratorFakes.Reconstruct(videos, c.Clips, alignedPick);
            var fakeTiles = GeneratorFakes.Tiles(sampled, c.Net.TileSize, isAi: true, GeneratorFakes.SampledFamily)
                .Concat(GeneratorFakes.Tiles(aligned, c.Net.TileSize, isAi: true, GeneratorFakes.AlignedFamily));

            // (b) the detector fine-tunes from the previous round's weights on real vs corpus + generator fakes
            var training = new TrainingOptions
            {
                Epochs = c.Options.DetectorEpochs, BatchSize = c.Options.DetectorBatchSize, LearningRate = c.Options.DetectorLearningRate,
                Seed = (c.Options.Seed * 1000) + round, Device = c.Options.Device, Net = c.Net,
            };
            using var trainer = new DetectorTrainer(training, c.Card, folder.DetectorCheckpoint, c.Progress);
            LoadInto(trainer.Net, previous.DetectorWeights);
            trainer.Fit([.. c.TrainTiles, .. fakeTiles], cancellation);
            var (detectorFirst, detectorLast) = RoundRecord.Ends(trainer.Losses);
            var (auc, low, high, tpr) = HeldOutFigures(c, trainer.Net);
            var (foolingBefore, _) = GeneratorFakes.Judge(trainer.Net, c.Card, sampled, c.Device);
            var alignedFooling = aligned.Count > 0 ? GeneratorFakes.Judge(trainer.Net, c.Card, aligned, c.Device).FoolingRate : (double?)null;
            Dispose(sampled);
            Dispose(aligned);

            // (c) the generator fine-tunes against the frozen detector
            var losses = new AdversarialFineTuner(generator, trainer.Net, c.Card, c.Options, c.Device).Fit(c.Clips, round, cancellation);
            c.Progress?.Report($"round {round}: generator flow loss {Mean(losses.Flow):0.0000}, adversarial loss {Mean(losses.Adversarial):0.0000} over {losses.Flow.Count} steps");

            // (d) the same noise through the fine-tuned generator, judged by the round's detector
            var after = GeneratorFakes.Sample(videos, c.Options.SampledFakes, sampleSeed, c.Options.SamplingSteps);
            var (fooling, meanLogit) = GeneratorFakes.Judge(trainer.Net, c.Card, after, c.Device);
            Dispose(after);
            var (flowFirst, flowLast) = RoundRecord.Ends(losses.Flow);
            var (adversarialFirst, adversarialLast) = RoundRecord.Ends(losses.Adversarial);
            var record = new RoundRecord(round, auc, low, high, tpr, fooling, meanLogit, foolingBefore, alignedFooling,
                detectorFirst, detectorLast, flowFirst, flowLast, adversarialFirst, adversarialLast, clock.Elapsed.TotalSeconds);
            generator.to(ScalarType.Float32).to(CPU);
            folder.Save(trainer.Net, generator, card with { TransformerSteps = card.TransformerSteps + losses.Flow.Count }, record);
            return record;
        }
    }

    private static (double Auc, double Low, double High, double Tpr) HeldOutFigures(LoopContext c, DetectorNet detector)
    {
        var scores = NetLogits.Of(detector, c.HeldOut, c.Card, batchSize: 64, c.Device).Select(l => (double)l).ToArray();
        var isAi = c.HeldOut.Select(t => t.IsAi).ToArray();
        var (low, high) = BootstrapInterval.Auc(scores, isAi, BootstrapResamples, c.Options.Seed);
        return (Metrics.Auc(scores, isAi), low, high, Metrics.TruePositiveRateAt(scores, isAi, 0.01));
    }

    /// <summary>The card the loop's detector reads tiles with: the same input as <c>train detector</c>'s models.</summary>
    private static ModelCard Card(DetectorNetOptions net) => new(
        "adversarial", "0.1.0", ModelCard.LayoutNchw, 3, net.TileSize, 1, DetectorTraining.InputNormalisation,
        new Calibration(1.0), new DecisionThresholds(0.5, 0.5 + 1e-9), [], []);

    private static long SampleSeed(AdversarialOptions options, int round) => (options.Seed * 1000L) + round;

    private static Tensor ClipAt(ClipSet clips, int index)
    {
        using var batch = clips.Batch([index]);
        return batch[0];
    }

    private static void LoadInto(DetectorNet detector, string weights)
    {
        try
        {
            detector.load(weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{Path.GetFullPath(weights)}: the detector weights cannot be loaded ({e.Message})", e);
        }
    }

    /// <summary>At most <paramref name="perFamily"/> items of each label and family, in corpus order.</summary>
    private static IReadOnlyList<CorpusItem> Subset(IReadOnlyList<CorpusItem> items, int? perFamily) =>
        perFamily is { } n ? [.. items.GroupBy(i => (i.IsAi, i.Family)).SelectMany(g => g.Take(n))] : items;

    /// <summary>A resumed run must be the run it resumes: everything but the round count and the device must match.</summary>
    private static void CheckSettings(string outFolder, AdversarialOptions options, DetectorNetOptions net, string? startWeights)
    {
        var settings = JsonSerializer.Serialize(new { options = options with { Rounds = 0, Device = "any" }, net, start = startWeights is not null });
        var path = Path.Combine(outFolder, SettingsFile);
        if (File.Exists(path) && File.ReadAllText(path) != settings)
        {
            throw new InvalidDataException($"{outFolder}: its rounds were made with other settings ({File.ReadAllText(path)}); delete it or use another --out");
        }

        Directory.CreateDirectory(outFolder);
        File.WriteAllText(path, settings);
    }

    private static double Mean(IReadOnlyList<float> values) => values.Count > 0 ? values.Average() : double.NaN;

    private static void Dispose(List<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }
}
