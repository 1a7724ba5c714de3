using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using Verifier.Detector.Training.Training;
using Verifier.Generator.Autoencoder;
using Verifier.Generator.Diffusion;
using Verifier.Generator.Generation;
using static TorchSharp.torch;

namespace Verifier.Generator.Training;

/// <summary>
/// Trains one stage of a <see cref="GeneratorModel"/> with AdamW (<see cref="FlatAdamW"/>): the autoencoder on L1 + edge loss, or the transformer
/// on flow matching over the frozen autoencoder's latents (some samples with their first frame given, some labels
/// dropped). Every step's batch, noise and times come from the seed and the step number alone, so a run resumed from a
/// checkpoint (<c>OUT/checkpoint-STAGE/</c>, the whole model + the optimiser) repeats the uninterrupted run exactly.
/// The transformer stage starts from the autoencoder stage's checkpoint in the same folder. The detector's
/// <see cref="TrainingCheckpoint"/> format is reused: its <c>EpochsDone</c> counts this trainer's optimisation steps.
/// </summary>
public sealed class GeneratorTrainer : IDisposable
{
    private readonly GeneratorTrainingOptions options;
    private readonly TrainingStage stage;
    private readonly string outFolder;
    private readonly IProgress<string>? progress;
    private readonly Device device;
    private readonly ScalarType dtype;
    private readonly FlatAdamW optimizer;
    private readonly List<float> losses = [];
    private readonly string settings;

    public GeneratorTrainer(GeneratorTrainingOptions options, TrainingStage stage, string outFolder, IProgress<string>? progress = null)
    {
        this.options = options;
        this.stage = stage;
        this.outFolder = outFolder;
        this.progress = progress;
        device = TorchDevices.Resolve(options.Device);
        dtype = Precision.For(device);
        settings = options.Settings(stage);

        manual_seed(options.Seed);
        Model = new GeneratorModel(options.Model);
        try
        {
            Model.to(dtype).to(device);
            var checkpoint = LoadModel(CheckpointFolder(outFolder, stage), ownStage: true);
            if (checkpoint is null && stage == TrainingStage.Transformer)
            {
                _ = LoadModel(CheckpointFolder(outFolder, TrainingStage.Autoencoder), ownStage: false)
                    ?? throw new InvalidDataException($"{CheckpointFolder(outFolder, TrainingStage.Autoencoder)}: no autoencoder checkpoint; train --stage vae first");
            }

            // The optimiser moves the parameters into its buffer, so it comes after every load into them.
            var trained = stage == TrainingStage.Autoencoder ? Model.Autoencoder.parameters() : Model.Transformer.parameters();
            optimizer = new FlatAdamW(trained, options.LearningRate, options.WeightDecay);
            if (checkpoint is not null)
            {
                LoadState(CheckpointFolder(outFolder, stage), () => optimizer.Load(Path.Combine(CheckpointFolder(outFolder, stage), TrainingCheckpoint.OptimizerFile)));
                StepsDone = checkpoint.EpochsDone;
                losses.AddRange(checkpoint.Losses);
                progress?.Report($"{Name} resumed from {CheckpointFolder(outFolder, stage)} after step {StepsDone}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public GeneratorModel Model { get; }

    /// <summary>Optimisation steps done, resumed ones included.</summary>
    public int StepsDone { get; private set; }

    /// <summary>Every step's loss so far, resumed runs included.</summary>
    public IReadOnlyList<float> Losses => losses;

    /// <summary>Optimisation steps per second over the last <see cref="Fit"/> (sample grids and checkpoints included).</summary>
    public double StepsPerSecond { get; private set; }

    private string Name => stage == TrainingStage.Autoencoder ? "autoencoder" : "transformer";

    /// <summary>Where a stage checkpoints inside the output folder.</summary>
    public static string CheckpointFolder(string outFolder, TrainingStage stage) =>
        Path.Combine(outFolder, stage == TrainingStage.Autoencoder ? "checkpoint-vae" : "checkpoint-dit");

    /// <summary>Runs the steps not done yet (up to <see cref="GeneratorTrainingOptions.Steps"/>), with progress, grids and checkpoints.</summary>
    public void Fit(ClipSet clips, CancellationToken cancellation = default)
    {
        if (stage == TrainingStage.Transformer && StepsDone == 0)
        {
            MeasureLatentScale(clips);
        }

        var clock = Stopwatch.StartNew();
        var stepsAtStart = StepsDone;
        var batch = new int[Math.Min(options.BatchSize, clips.Count)];
        while (StepsDone < options.Steps)
        {
            cancellation.ThrowIfCancellationRequested();
            var step = StepsDone;
            var random = new Random(unchecked((options.Seed * 7919) + step));
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = random.Next(clips.Count);
            }

            losses.Add(stage == TrainingStage.Autoencoder ? AutoencoderStep(clips, batch) : TransformerStep(clips, batch, random, step));
            StepsDone = step + 1;
            if (StepsDone % options.ProgressEvery == 0 || StepsDone == options.Steps)
            {
                var recent = losses.Skip(Math.Max(0, losses.Count - options.ProgressEvery)).Average();
                progress?.Report($"{Name} step {StepsDone}/{options.Steps} loss {recent:0.0000} ({(StepsDone - stepsAtStart) / clock.Elapsed.TotalSeconds:0.00} steps/s)");
            }

            if (options.SampleEvery > 0 && StepsDone % options.SampleEvery == 0)
            {
                TryWriteSampleGrid(clips);
            }

            if (StepsDone % options.CheckpointEvery == 0 || StepsDone == options.Steps)
            {
                new TrainingCheckpoint(StepsDone, [.. losses], settings).Write(
                    CheckpointFolder(outFolder, stage), path => Model.save(path), optimizer.Save);
            }
        }

        StepsPerSecond = StepsDone > stepsAtStart ? (StepsDone - stepsAtStart) / clock.Elapsed.TotalSeconds : 0;
    }

    public void Dispose()
    {
        optimizer?.Dispose();
        Model.Dispose();
    }

    private float AutoencoderStep(ClipSet clips, int[] batch)
    {
        Model.train();
        using var scope = NewDisposeScope();
        var video = clips.Batch(batch).to(dtype, device);
        var loss = AutoencoderLoss.Compute(Model.Autoencoder.forward(video).to(ScalarType.Float32), video.to(ScalarType.Float32));
        return Optimise(loss);
    }

    private float TransformerStep(ClipSet clips, int[] batch, Random random, int step)
    {
        Model.train();
        using var scope = NewDisposeScope();
        var flow = FlowBatch.Draw(Model, clips, batch, random, options.Seed, step, options.FirstFrameRate, options.LabelDropRate, device, dtype);
        return Optimise(FlowMatching.Loss(Model.Transformer, flow.Data, flow.Noise, flow.Time, flow.Labels, flow.Condition));
    }

    private float Optimise(Tensor loss)
    {
        optimizer.ZeroGrad();
        loss.backward();
        optimizer.Step();
        return loss.item<float>();
    }

    /// <summary>1 / the standard deviation of the first clips' latents, so the transformer's data has unit variance.</summary>
    private void MeasureLatentScale(ClipSet clips)
    {
        Model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var sample = Enumerable.Range(0, Math.Min(16, clips.Count)).ToArray();
        var std = Model.Autoencoder.Encode(clips.Batch(sample).to(dtype, device)).to(ScalarType.Float32).std().item<float>();
        Model.SetLatentScale(1 / Math.Max(std, 1e-6));
        progress?.Report($"latent scale {1 / Math.Max(std, 1e-6):0.000} (latent std {std:0.000})");
    }

    /// <summary>A grid is for the eye only: one that cannot be drawn (no Skia native library, say) must not end the run.</summary>
    private void TryWriteSampleGrid(ClipSet clips)
    {
        try
        {
            WriteSampleGrid(clips);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or IOException or UnauthorizedAccessException)
        {
            progress?.Report($"sample grid at step {StepsDone} not written: {e.GetBaseException().Message}");
        }
    }

    private void WriteSampleGrid(ClipSet clips)
    {
        using var scope = NewDisposeScope();
        var real = clips.Batch([0, clips.Count - 1]);
        var generator = new VideoGenerator(Model, device);
        var (frames, size) = ((int)real.shape[2], (int)real.shape[3]);
        var rows = stage == TrainingStage.Autoencoder
            ? new[] { real[0], generator.Reconstruct(real[0]), real[1], generator.Reconstruct(real[1]) }
            : new[]
            {
                generator.Generate(frames, size, seed: 0, new SamplingOptions { Steps = 10, Sampler = SamplerKind.Euler }),
                generator.Generate(frames, size, seed: 1, new SamplingOptions { Steps = 10, Sampler = SamplerKind.Euler }),
                real[0],
                generator.Generate(frames, size, seed: 2, new SamplingOptions { Steps = 10, Sampler = SamplerKind.Euler }, real[0].narrow(1, 0, 1)),
            };
        var path = Path.Combine(outFolder, "samples", $"{Name}-{StepsDone:000000}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SampleGrid.Write(path, rows);
        progress?.Report($"wrote {path}");
    }

    /// <summary>
    /// Loads a checkpoint folder's model when it holds one; null when it holds none. A checkpoint of this stage must
    /// have been made with these settings; the autoencoder checkpoint a transformer stage starts from may differ in
    /// optimiser settings (its sizes are checked by the load itself).
    /// </summary>
    private TrainingCheckpoint? LoadModel(string folder, bool ownStage)
    {
        if (TrainingCheckpoint.Read(folder) is not { } checkpoint)
        {
            return null;
        }

        if (ownStage && checkpoint.Settings != settings)
        {
            throw new InvalidDataException($"{folder}: its checkpoint was made with other settings ({checkpoint.Settings}); delete it or train into another --out");
        }

        LoadState(folder, () => Model.load(Path.Combine(folder, TrainingCheckpoint.NetFile)));
        return checkpoint;
    }

    private static void LoadState(string folder, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // TorchSharp reports a truncated or foreign file in many ways; all mean the same to the user.
            throw new InvalidDataException($"{folder}: the saved model or optimiser state cannot be loaded ({e.Message}); delete the folder to start afresh", e);
        }
    }
}
