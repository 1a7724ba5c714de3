using TorchSharp;
using TorchSharp.Modules;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Net;
using Verifier.Generator.Diffusion;
using Verifier.Generator.Training;
using static TorchSharp.torch;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// Fine-tunes a generator's transformer against a frozen detector: each step's loss is the flow-matching loss on real
/// clips plus lambda x softplus(detector logit) over the tiles of clips sampled from fresh noise by a differentiable
/// Euler rollout (the fakes' own sampler and step count, gradients kept). softplus(logit) = -log(1 - p(AI)): its
/// gradient, through the detector, the decoder and every sampling step, moves the transformer towards clips the detector
/// calls real, while the flow loss keeps it a generator of the data. The autoencoder and the detector are not changed.
/// A fresh AdamW per call: a round is a short, self-contained fine-tune.
/// </summary>
public sealed class AdversarialFineTuner(GeneratorModel model, DetectorNet detector, ModelCard card, AdversarialOptions options, Device device)
{
    private const double FirstFrameRate = 0.5;
    private const double LabelDropRate = 0.1;

    /// <summary>Runs <see cref="AdversarialOptions.GeneratorSteps"/> steps (round <paramref name="round"/> seeds them).</summary>
    public GeneratorRoundLosses Fit(ClipSet clips, int round, CancellationToken cancellation = default)
    {
        var dtype = Precision.For(device);
        var (flowLosses, adversarialLosses) = (new List<float>(), new List<float>());
        var frozen = detector.parameters().Concat(model.Autoencoder.parameters()).ToList();
        foreach (var parameter in frozen)
        {
            parameter.requires_grad_(false);
        }

        // Batch norm on its running statistics: the detector being fooled is the one that scores.
        detector.eval();
        using var optimizer = optim.AdamW(model.Transformer.parameters(), options.GeneratorLearningRate, weight_decay: 0);
        try
        {
            model.train();
            var batch = new int[Math.Min(options.GeneratorBatchSize, clips.Count)];
            var seed = (options.Seed * 1000L) + round;
            for (var step = 0; step < options.GeneratorSteps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var random = new Random(unchecked((int)((seed * 7919) + step)));
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = random.Next(clips.Count);
                }

                var flow = FlowBatch.Draw(model, clips, batch, random, seed, step, FirstFrameRate, LabelDropRate, device, dtype);
                var flowLoss = FlowMatching.Loss(model.Transformer, flow.Data, flow.Noise, flow.Time, flow.Labels, flow.Condition);
                var adversarialLoss = AdversarialLoss(model.Decode(Rollout(flow.Noise)));
                var loss = flowLoss + (adversarialLoss * options.Lambda);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                flowLosses.Add(flowLoss.item<float>());
                adversarialLosses.Add(adversarialLoss.item<float>());
            }
        }
        finally
        {
            foreach (var parameter in frozen)
            {
                parameter.requires_grad_(true);
            }
        }

        return new GeneratorRoundLosses(flowLosses, adversarialLosses);
    }

    /// <summary>Unconditional Euler steps from <paramref name="noise"/> to a latent clip, keeping the graph for the gradient.</summary>
    private Tensor Rollout(Tensor noise)
    {
        var x = noise;
        var dt = 1.0 / options.SamplingSteps;
        var labels = full(noise.shape[0], model.Transformer.NullLabel, ScalarType.Int64, noise.device);
        var condition = FirstFrameCondition.None(noise);
        for (var i = 0; i < options.SamplingSteps; i++)
        {
            var time = full(noise.shape[0], i * dt, noise.dtype, noise.device);
            x = x + (model.Transformer.forward(x, time, labels, condition) * dt);
        }

        return x;
    }

    /// <summary>Mean softplus(logit) of the detector over the tiles of <paramref name="video"/> [B, 3, F, S, S].</summary>
    public Tensor AdversarialLoss(Tensor video)
    {
        using var scope = NewDisposeScope();
        var logits = detector.forward(DetectorInput.Tiles(video.to(ScalarType.Float32).clamp(-1, 1), card));
        return nn.functional.softplus(logits).mean().MoveToOuterDisposeScope();
    }
}

/// <summary>Every step's flow-matching and adversarial loss of one round's generator fine-tune.</summary>
public sealed record GeneratorRoundLosses(IReadOnlyList<float> Flow, IReadOnlyList<float> Adversarial);
