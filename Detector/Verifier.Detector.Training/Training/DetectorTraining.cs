using Verifier.Detector.Model;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Export;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Net.Pretrained;
using Verifier.Media;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// The training flow, start to end: corpora -> family split -> degraded tiles -> AdamW epochs (checkpointed) ->
/// temperature and verdict band on the held-out families -> ONNX + card -> parity check through the scanner's own
/// DetectorModel.
/// </summary>
public static class DetectorTraining
{
    /// <summary>Inputs normalised to mean 0.5, std 0.25 per channel: pixels land in [-2, 2].</summary>
    public static readonly Normalisation InputNormalisation = new([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);

    /// <summary>The card a net of these options trains under: its input layout and size, no calibration or band yet.</summary>
    public static ModelCard UncalibratedCard(string name, DetectorNetOptions net) =>
        new(name, "0.1.0", net.Frames == 1 ? ModelCard.LayoutNchw : ModelCard.LayoutNcthw, 3, net.TileSize, net.Frames, InputNormalisation,
            new Model.Calibration(1.0), new DecisionThresholds(0.5, 0.5 + 1e-9), [], []);

    public static async Task<TrainReport> RunAsync(TrainRequest request, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var options = request.Training;
        // Fail on an unusable device or net size now, not after minutes of decoding.
        _ = TorchDevices.Resolve(options.Device);
        if (options.Net.FindProblem() is { } problem)
        {
            throw new ArgumentException($"detector net options: {problem}", nameof(request));
        }

        var items = Corpus.Load(request.DataFolders);
        var split = FamilySplit.Split(items, request.ValidationFraction, options.Seed);
        // Fakes made from held-out real items are dropped, not moved: beside their originals they would leak those into
        // training, and the band and temperature are for generators, not for the fakes' recipes.
        split = split with { Validation = [.. split.Validation.Where(i => i.DerivedFrom is null)] };
        if (options.FamilyWeight > 0)
        {
            options = options with { FamilyClasses = FamilyClasses.Of(split.Train) };
        }
        progress?.Report($"corpus: {items.Count} items; training on {split.Train.Count}, holding out {split.Validation.Count} " +
            $"(families: {string.Join(", ", split.ValidationFamilies.Select(f => $"{f.Family} [{(f.IsAi ? "ai" : "real")}]"))})");

        var tools = FfmpegTools.Locate();
        var cutter = new TileCutter(options.Net.TileSize, request.Augmentation);
        var builder = new TileSetBuilder(tools, cutter, request.Sampling with { FramesPerSample = options.Net.Frames }, request.Augmentation);
        var train = await builder.BuildAsync(split.Train, options.Seed, progress, cancellation).ConfigureAwait(false);
        var validation = await builder.BuildAsync(split.Validation, options.Seed + 1, progress, cancellation).ConfigureAwait(false);

        foreach (var (side, set) in new[] { ("training", train), ("validation", validation) })
        {
            if (!set.Tiles.Any(t => t.IsAi) || !set.Tiles.Any(t => !t.IsAi))
            {
                throw new CorpusException($"the {side} split gave no {(set.Tiles.Any(t => t.IsAi) ? "real" : "AI")} tiles " +
                    $"({set.Skipped.Count} files skipped{(set.Skipped.Count > 0 ? ", first: " + set.Skipped[0] : string.Empty)})");
            }
        }

        var name = Path.GetFileNameWithoutExtension(request.ModelPath);
        var card = UncalibratedCard(name, options.Net);

        using var trainer = new DetectorTrainer(options, card, request.CheckpointFolder, progress);
        trainer.Fit(train.Tiles, cancellation);
        if (options.FamilyClasses is { } classes)
        {
            progress?.Report(FamilyHeadSummary(trainer, train.Tiles, classes));
        }

        var logits = trainer.Logits(validation.Tiles);
        var isAi = validation.Tiles.Select(t => t.IsAi).ToArray();
        // The scanner decides on a file's mean logit, which spreads far less than single tiles' logits: the temperature
        // and the band are fitted on held-out files' means, so that the band's error rates hold for files.
        var files = FileLogit.Of(validation.Tiles, logits);
        var fileIsAi = files.Select(f => f.IsAi).ToArray();
        var temperature = TemperatureFit.Fit([.. files.Select(f => (float)f.MeanLogit)], fileIsAi);
        var calibration = new Model.Calibration(temperature);
        var probabilities = logits.Select(calibration.ProbabilityOfAi).ToArray();
        var fileProbabilities = files.Select(f => calibration.ProbabilityOfAi((float)f.MeanLogit)).ToArray();
        card = card with
        {
            Calibration = calibration,
            Thresholds = ThresholdChooser.Choose(fileProbabilities, fileIsAi, request.MaxFalseAiRate, request.MaxFalseRealRate),
            TrainingFamilies = [.. split.TrainFamilies.Select(f => new FamilyFigures(f.Family, f.Items, new Dictionary<string, double>()))],
            HeldOutFamilies = HeldOutFigures(split, validation.Tiles, probabilities),
            FamilyHead = options.FamilyClasses is { } headClasses ? new FamilyHead(headClasses, options.FamilyWeight) : null,
            Training = new TrainingRecord(
                request.Command,
                options.Net.Backbone is null ? null : MobileNetV2Backbone.Description,
                split.Train.GroupBy(i => i.Licence.Length == 0 ? "unknown" : i.Licence, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)),
        };

        DetectorExport.Save(trainer.Net, card, request.ModelPath);
        var parity = ParityMaxDifference(request.ModelPath, validation.Tiles, logits, card);
        progress?.Report($"wrote {request.ModelPath} (+ card); temperature {temperature:0.###}, band real <= {card.Thresholds.RealAtMost:0.####}, " +
            $"ai >= {card.Thresholds.AiAtLeast:0.####}; ONNX parity max |diff| {parity:0.###e+0}");

        return new TrainReport(request.ModelPath, card, train.Tiles.Count, validation.Tiles.Count, [.. train.Skipped, .. validation.Skipped],
            split.ValidationFamilies, Metrics.Auc(probabilities, isAi), Metrics.TruePositiveRateAt(probabilities, isAi, 0.01),
            parity, trainer.Losses);
    }

    /// <summary>Per held-out family: AI families against every held-out real tile (AUC, TPR at 1% FPR), real families by their false-AI rate.</summary>
    private static List<FamilyFigures> HeldOutFigures(CorpusSplit split, IReadOnlyList<TrainingTile> tiles, double[] probabilities)
    {
        var real = Enumerable.Range(0, tiles.Count).Where(i => !tiles[i].IsAi).ToArray();
        var figures = new List<FamilyFigures>();
        foreach (var family in split.ValidationFamilies)
        {
            var own = Enumerable.Range(0, tiles.Count).Where(i => tiles[i].IsAi == family.IsAi && tiles[i].Family == family.Family).ToArray();
            var values = new Dictionary<string, double>();
            if (own.Length > 0 && family.IsAi && real.Length > 0)
            {
                int[] pooled = [.. own, .. real];
                var scores = pooled.Select(i => probabilities[i]).ToArray();
                var labels = pooled.Select(i => tiles[i].IsAi).ToArray();
                values["auc"] = Metrics.Auc(scores, labels);
                values["tprAt1PctFpr"] = Metrics.TruePositiveRateAt(scores, labels, 0.01);
            }

            values["tiles"] = own.Length;
            figures.Add(new FamilyFigures(family.CardName, family.Items, values));
        }

        return figures;
    }

    /// <summary>
    /// How well the family head learned its own training tiles (the held-out families are outside its classes by
    /// design), against always answering the commonest class.
    /// </summary>
    private static string FamilyHeadSummary(DetectorTrainer trainer, IReadOnlyList<TrainingTile> tiles, IReadOnlyList<string> classes)
    {
        var truth = FamilyClasses.Indices(tiles, classes);
        var predicted = trainer.PredictFamilies(tiles);
        var accuracy = (double)Enumerable.Range(0, tiles.Count).Count(i => predicted[i] == truth[i]) / tiles.Count;
        var majority = (double)truth.GroupBy(c => c).Max(g => g.Count()) / tiles.Count;
        return $"family head: {classes.Count} classes, training-tile accuracy {accuracy:0.000} (commonest class alone {majority:0.000})";
    }

    /// <summary>Scores validation tiles with ONNX Runtime through DetectorModel and returns the largest gap to TorchSharp's logits.</summary>
    private static double ParityMaxDifference(string modelPath, IReadOnlyList<TrainingTile> tiles, float[] torchLogits, ModelCard card)
    {
        using var model = DetectorModel.Load(modelPath);
        var count = Math.Min(tiles.Count, 64);
        var samples = TileTensors.Samples(tiles, [.. Enumerable.Range(0, count)], card);
        var scores = model.Score(samples);
        return Enumerable.Range(0, count).Select(i => Math.Abs(scores[i].Logit - torchLogits[i])).DefaultIfEmpty(0).Max();
    }
}
