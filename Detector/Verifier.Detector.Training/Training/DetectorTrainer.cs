using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Robustness;
using static TorchSharp.torch;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// Trains a <see cref="DetectorNet"/> on tiles with AdamW and binary cross-entropy (AI weighted up to balance the
/// labels), plus, with <see cref="TrainingOptions.FamilyWeight"/> above 0, the family head's weighted cross-entropy.
/// Seeded: the same seed and tiles give the same losses. After each epoch it checkpoints to <c>checkpointFolder</c>;
/// a trainer made on a folder with a checkpoint of the same settings resumes after its last epoch.
/// </summary>
public sealed class DetectorTrainer : IDisposable
{
    private const int ProgressEverySteps = 10;

    private readonly TrainingOptions options;
    private readonly ModelCard card;
    private readonly string checkpointFolder;
    private readonly IProgress<string>? progress;
    private readonly Device device;
    private readonly OptimizerHelper optimizer;
    private readonly List<float> losses = [];
    private readonly string settings;
    // Only with adversarial training; made here, outside any step's dispose scope, as it lives as long as the trainer.
    private readonly PixelNormalisation? pixels;
    // Null without a family head.
    private readonly IReadOnlyList<string>? familyClasses;

    public DetectorTrainer(TrainingOptions options, ModelCard card, string checkpointFolder, IProgress<string>? progress = null)
    {
        this.options = options;
        this.card = card;
        this.checkpointFolder = checkpointFolder;
        this.progress = progress;
        device = TorchDevices.Resolve(options.Device);
        familyClasses = FamilyHeadClasses(options);
        settings = JsonSerializer.Serialize(options with { Device = "any", Epochs = 0, FamilyClasses = familyClasses });

        if (options.AdversarialEpsilon > 0 && options.Net.Frames > 1)
        {
            // PixelNormalisation and the attack work on [N, C, H, W] batches.
            throw new ArgumentException($"adversarial training covers one-frame nets; this one takes {options.Net.Frames} frames", nameof(options));
        }

        pixels = options.AdversarialEpsilon > 0 ? new PixelNormalisation(card.Normalisation, device) : null;
        manual_seed(options.Seed);
        Net = new DetectorNet(options.Net, familyClasses?.Count ?? 0);
        Net.to(device);
        optimizer = optim.AdamW(Net.parameters(), options.LearningRate, weight_decay: options.WeightDecay);

        try
        {
            if (TrainingCheckpoint.Read(checkpointFolder) is { } checkpoint)
            {
                if (checkpoint.Settings != settings)
                {
                    throw new InvalidDataException(
                        $"{checkpointFolder}: its checkpoint was made with other settings ({checkpoint.Settings}); delete it or train into another --out");
                }

                try
                {
                    Net.load(Path.Combine(checkpointFolder, TrainingCheckpoint.NetFile));
                    optimizer.load_state_dict(Path.Combine(checkpointFolder, TrainingCheckpoint.OptimizerFile));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // TorchSharp reports a truncated or foreign file in many ways; all mean the same to the user.
                    throw new InvalidDataException($"{checkpointFolder}: the saved net or optimiser state cannot be loaded ({e.Message}); delete the folder to start afresh", e);
                }

                EpochsDone = checkpoint.EpochsDone;
                losses.AddRange(checkpoint.Losses);
                progress?.Report($"resumed from {checkpointFolder} after epoch {EpochsDone}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DetectorNet Net { get; }

    /// <summary>
    /// Whether a probe's head trains on its frozen trunk's features computed once (the default) or on the tiles through
    /// the whole net at every step: the same training, the first several times faster. Tests compare the two.
    /// </summary>
    internal bool ReuseFrozenFeatures { get; init; } = true;

    public int EpochsDone { get; private set; }

    /// <summary>Every optimisation step's loss so far, resumed runs included.</summary>
    public IReadOnlyList<float> Losses => losses;

    /// <summary>Runs the epochs not done yet (up to <see cref="TrainingOptions.Epochs"/>), checkpointing after each.</summary>
    public void Fit(IReadOnlyList<TrainingTile> tiles, CancellationToken cancellation = default) => Fit(tiles, trunkFeatures: null, cancellation);

    /// <summary><see cref="Fit(IReadOnlyList{TrainingTile}, CancellationToken)"/> on features computed elsewhere.</summary>
    /// <param name="trunkFeatures">
    /// The frozen trunk's features of <paramref name="tiles"/>, in their order ([tiles, FeatureWidth], on this trainer's
    /// device; see <see cref="TrunkFeatures"/>), or null to compute them here when <see cref="TrainingOptions.TrainsOnTrunkFeatures"/>.
    /// </param>
    public void Fit(IReadOnlyList<TrainingTile> tiles, Tensor? trunkFeatures, CancellationToken cancellation = default)
    {
        RequireFeaturesOf(tiles, trunkFeatures);
        var aiCount = tiles.Count(t => t.IsAi);
        if (aiCount == 0 || aiCount == tiles.Count)
        {
            throw new ArgumentException($"training needs real and AI tiles; got {aiCount} AI of {tiles.Count}", nameof(tiles));
        }

        using var positiveWeight = tensor(new[] { (float)(tiles.Count - aiCount) / aiCount }).to(device);
        var families = familyClasses is null ? null : FamilyClasses.Indices(tiles, familyClasses);
        // A probe's trunk is frozen: its features, computed once, stand in for the tiles.
        using var computed = trunkFeatures is null && ReuseFrozenFeatures && options.TrainsOnTrunkFeatures && EpochsDone < options.Epochs
            ? NetLogits.Features(Net, tiles, card, options.BatchSize, device)
            : null;
        var features = trunkFeatures ?? computed;
        for (var epoch = EpochsDone; epoch < options.Epochs; epoch++)
        {
            Net.train();
            var order = Enumerable.Range(0, tiles.Count).ToArray();
            new Random(unchecked((options.Seed * 7919) + epoch)).Shuffle(order);
            var steps = order.Length / options.BatchSize + (order.Length % options.BatchSize >= 2 ? 1 : 0);
            var clock = Stopwatch.StartNew();
            var epochLoss = 0.0;
            for (var step = 0; step < steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                var batch = order.AsSpan(step * options.BatchSize, Math.Min(options.BatchSize, order.Length - (step * options.BatchSize)));
                var loss = Step(tiles, features, batch, families, positiveWeight);
                losses.Add(loss);
                epochLoss += loss;
                if ((step + 1) % ProgressEverySteps == 0 || step + 1 == steps)
                {
                    var seen = Math.Min(order.Length, (step + 1) * options.BatchSize);
                    progress?.Report($"epoch {epoch + 1}/{options.Epochs} step {step + 1}/{steps} loss {epochLoss / (step + 1):0.0000} ({seen / clock.Elapsed.TotalSeconds:0} tiles/s)");
                }
            }

            EpochsDone = epoch + 1;
            new TrainingCheckpoint(EpochsDone, [.. losses], settings).Write(
                checkpointFolder, path => Net.save(path), path => optimizer.save_state_dict(path));
        }
    }

    /// <summary>The eval-mode logits of <paramref name="tiles"/>, in order.</summary>
    public float[] Logits(IReadOnlyList<TrainingTile> tiles) => NetLogits.Of(Net, tiles, card, options.BatchSize, device);

    /// <summary>The eval-mode logits of <paramref name="tiles"/> from their frozen trunk's features (null: from the tiles).</summary>
    public float[] Logits(IReadOnlyList<TrainingTile> tiles, Tensor? trunkFeatures)
    {
        RequireFeaturesOf(tiles, trunkFeatures);
        return trunkFeatures is null ? Logits(tiles) : NetLogits.OfFeatures(Net, trunkFeatures, options.BatchSize);
    }

    /// <summary>The family head's eval-mode choice for each tile, as an index into <see cref="TrainingOptions.FamilyClasses"/>; throws without a head.</summary>
    public int[] PredictFamilies(IReadOnlyList<TrainingTile> tiles) => NetLogits.Families(Net, tiles, card, options.BatchSize, device);

    public void Dispose()
    {
        pixels?.Dispose();
        optimizer.Dispose();
        Net.Dispose();
    }

    private void RequireFeaturesOf(IReadOnlyList<TrainingTile> tiles, Tensor? trunkFeatures)
    {
        if (trunkFeatures is null)
        {
            return;
        }

        if (!options.TrainsOnTrunkFeatures)
        {
            throw new ArgumentException("trunk features were given, but this net's trunk trains (or the training attacks pixels)", nameof(trunkFeatures));
        }

        if (trunkFeatures.shape is not [var rows, var width] || rows != tiles.Count || width != Net.FeatureWidth)
        {
            throw new ArgumentException(
                $"trunk features of shape [{string.Join(", ", trunkFeatures.shape)}] for {tiles.Count} tiles of a net with {Net.FeatureWidth} features", nameof(trunkFeatures));
        }
    }

    /// <summary>FGSM on the batch's pixels, raising its own loss: normalised input in, normalised attacked input out.</summary>
    private Tensor AdversarialBatch(Tensor inputs, Tensor labels, Tensor positiveWeight)
    {
        var pixels = this.pixels!;
        using var clean = pixels.Pixels(inputs);
        using var attacked = AdversarialAttacks.Fgsm(
            p =>
            {
                using var normalised = pixels.Normalise(p);
                using var logits = Net.forward(normalised);
                return nn.functional.binary_cross_entropy_with_logits(logits, labels, pos_weights: positiveWeight);
            },
            clean,
            options.AdversarialEpsilon / 255);
        return pixels.Normalise(attacked);
    }

    /// <summary>The head's classes when <see cref="TrainingOptions.FamilyWeight"/> asks for one, else null; bad settings throw.</summary>
    private static IReadOnlyList<string>? FamilyHeadClasses(TrainingOptions options)
    {
        if (!(double.IsFinite(options.FamilyWeight) && options.FamilyWeight >= 0))
        {
            throw new ArgumentException($"family weight {options.FamilyWeight}: must be a finite number, at least 0", nameof(options));
        }

        if (options.FamilyWeight == 0)
        {
            return null;
        }

        var classes = options.FamilyClasses;
        return classes is not null && classes.Count >= 2 && classes.Distinct(StringComparer.Ordinal).Count() == classes.Count ? classes
            : throw new ArgumentException("a family weight above 0 needs at least 2 distinct family classes (FamilyClasses.Of the training items)", nameof(options));
    }

    /// <param name="features">The frozen trunk's features of every tile ([tiles, FeatureWidth], on the device), or null to run the net on the tiles.</param>
    private float Step(IReadOnlyList<TrainingTile> tiles, Tensor? features, ReadOnlySpan<int> batch, long[]? families, Tensor positiveWeight)
    {
        using var scope = NewDisposeScope();
        Tensor x, y;
        if (features is null)
        {
            var (inputs, labels) = TileTensors.Batch(tiles, batch, card);
            (x, y) = (inputs.to(device), labels.to(device));
        }
        else
        {
            x = features.index_select(0, tensor(batch.ToArray().Select(i => (long)i).ToArray()).to(device));
            y = TileTensors.Labels(tiles, batch).to(device);
        }

        Tensor loss;
        Tensor? familyLoss = null;
        if (families is null)
        {
            loss = nn.functional.binary_cross_entropy_with_logits(features is null ? Net.forward(x) : Net.Head(x), y, pos_weights: positiveWeight);
        }
        else
        {
            var (logit, family) = features is null ? Net.ForwardWithFamily(x) : Net.HeadsWithFamily(x);
            loss = nn.functional.binary_cross_entropy_with_logits(logit, y, pos_weights: positiveWeight);
            var targets = new long[batch.Length];
            for (var b = 0; b < batch.Length; b++)
            {
                targets[b] = families[batch[b]];
            }

            familyLoss = nn.functional.cross_entropy(family, tensor(targets).to(device));
        }

        if (options.AdversarialEpsilon > 0)
        {
            // The attack is made against the current weights (train mode, as the clean pass) and trained on at once.
            var attacked = AdversarialBatch(x, y, positiveWeight);
            var attackedLoss = nn.functional.binary_cross_entropy_with_logits(Net.forward(attacked), y, pos_weights: positiveWeight);
            loss = (loss + attackedLoss) / 2;
        }

        if (familyLoss is not null)
        {
            loss += options.FamilyWeight * familyLoss;
        }

        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
