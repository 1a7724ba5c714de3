using Verifier.Detector.Training.Data;
using TorchSharp;
using Verifier.Detector.Training.Training;
using static TorchSharp.torch;

namespace Verifier.Generator.Training;

/// <summary>
/// corpora -> real clips cut to the model's clip shape -> the autoencoder stage -> the transformer stage, each resumable
/// from its checkpoint; after each stage the model folder gets <c>generator.bin</c> + <c>generator.json</c>.
/// </summary>
public static class GeneratorTraining
{
    public static async Task<GeneratorTrainReport> RunAsync(GeneratorTrainRequest request, IProgress<string>? progress, CancellationToken cancellation)
    {
        // Refuse an unusable device before minutes of decoding.
        _ = TorchDevices.Resolve(request.Training.Device);
        var (clips, skipped) = await ClipsAsync(request, progress, cancellation).ConfigureAwait(false);

        var stepsDone = new Dictionary<TrainingStage, int>
        {
            [TrainingStage.Autoencoder] = StepsIn(request.OutFolder, TrainingStage.Autoencoder),
            [TrainingStage.Transformer] = 0,
        };
        var summaries = new List<StageSummary>();
        foreach (var stage in request.Stages)
        {
            using var trainer = new GeneratorTrainer(request.Training, stage, request.OutFolder, progress);
            trainer.Fit(clips, cancellation);
            stepsDone[stage] = trainer.StepsDone;
            var losses = trainer.Losses;
            var window = Math.Max(1, Math.Min(10, losses.Count / 4));
            summaries.Add(new StageSummary(stage, trainer.StepsDone, losses.Take(window).Average(), losses.TakeLast(window).Average(), trainer.StepsPerSecond));

            // The model folder holds fp32 weights whatever the training precision, so any device can load them.
            trainer.Model.to(ScalarType.Float32).to(CPU);
            trainer.Model.Save(request.OutFolder, stepsDone[TrainingStage.Autoencoder], stepsDone[TrainingStage.Transformer]);
        }

        return new GeneratorTrainReport(clips.Count, skipped, summaries, request.OutFolder);
    }

    /// <summary>The clip cache when it exists (checked against the corpora when there are any), else a cut of the corpora.</summary>
    private static async Task<(ClipSet Clips, IReadOnlyList<string> Skipped)> ClipsAsync(
        GeneratorTrainRequest request, IProgress<string>? progress, CancellationToken cancellation)
    {
        var (model, cache) = (request.Training.Model, request.ClipCache);
        var corpora = request.DataFolders.Select(folder => (Folder: folder, Items: Corpus.Load(folder))).ToList();
        if (cache is not null && File.Exists(cache))
        {
            // Without corpora (the GPU machine) only the clip shape can be checked.
            var expected = corpora.Count > 0 ? ClipCutSettings.For(model, request.ClipsPerFile, corpora) : ClipCutSettings.For(model);
            var read = ClipCache.Read(cache, expected);
            progress?.Report($"clips: read {read.Clips.Count} clips of {model.Frames} frames at {model.Size}x{model.Size} from the cache {cache}; no corpus decoded");
            return read;
        }

        if (corpora.Count == 0)
        {
            throw new ArgumentException(cache is null
                ? "no corpus to cut clips from and no clip cache: give --data DIR or --clips FILE"
                : $"{cache}: no such clip cache, and no corpus (--data DIR) to cut it from");
        }

        var settings = ClipCutSettings.For(model, request.ClipsPerFile, corpora);
        var cut = await ClipSetBuilder.BuildAsync([.. corpora.SelectMany(c => c.Items)], model, request.ClipsPerFile, progress, cancellation)
            .ConfigureAwait(false);
        if (cache is not null)
        {
            ClipCache.Write(cache, cut.Clips, cut.Skipped, settings);
            progress?.Report($"clips: wrote {cut.Clips.Count} to the cache {cache}");
        }

        return cut;
    }

    private static int StepsIn(string outFolder, TrainingStage stage) =>
        TrainingCheckpoint.Read(GeneratorTrainer.CheckpointFolder(outFolder, stage))?.EpochsDone ?? 0;
}
