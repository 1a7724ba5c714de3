using TorchSharp;
using Verifier.Generator.Diffusion;
using static TorchSharp.torch;

namespace Verifier.Generator.Training;

/// <summary>
/// One flow-matching batch: the clean latents, their noise and flow times, the labels (some dropped to the null label)
/// and the first-frame condition (given for some samples). Drawn from the seed and the step alone, so a resumed run
/// draws what the uninterrupted run drew.
/// </summary>
public sealed record FlowBatch(Tensor Data, Tensor Noise, Tensor Time, Tensor Labels, Tensor Condition)
{
    /// <summary>
    /// Encodes the clips at <paramref name="batch"/> with the frozen autoencoder and draws the rest from
    /// <paramref name="seed"/> and <paramref name="step"/> (tensors) and <paramref name="random"/> (flags and label drops).
    /// </summary>
    public static FlowBatch Draw(GeneratorModel model, ClipSet clips, int[] batch, Random random, long seed, int step,
        double firstFrameRate, double labelDropRate, Device device, ScalarType dtype)
    {
        Tensor data;
        using (no_grad())
        {
            data = model.Encode(clips.Batch(batch).to(dtype, device));
        }

        using var generator = new torch.Generator(unchecked((ulong)((seed * 1_000_003L) + step)));
        var noise = randn(data.shape, ScalarType.Float32, generator: generator).to(dtype, device);
        var time = rand([batch.Length], ScalarType.Float32, generator: generator).to(dtype, device);
        var given = tensor(batch.Select(_ => random.NextDouble() < firstFrameRate).ToArray()).to(device);
        var labels = tensor(batch.Select(i => random.NextDouble() < labelDropRate || clips.Labels[i] is null
            ? (long)model.Transformer.NullLabel : clips.Labels[i]!.Value).ToArray()).to(device);
        var condition = FirstFrameCondition.From(data, given, data.shape[2]);
        return new FlowBatch(data, noise, time, labels, condition);
    }
}
