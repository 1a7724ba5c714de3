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
        var (clips, skipped) = await ClipSetBuilder.BuildAsync(
            Corpus.Load(request.DataFolders), request.Training.Model, request.ClipsPerFile, progress, cancellation).ConfigureAwait(false);

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

    private static int StepsIn(string outFolder, TrainingStage stage) =>
        TrainingCheckpoint.Read(GeneratorTrainer.CheckpointFolder(outFolder, stage))?.EpochsDone ?? 0;
}
