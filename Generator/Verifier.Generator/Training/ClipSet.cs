using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Generator.Training;

/// <summary>Short training clips, all <c>frames</c> x <c>size</c>², kept as RGB bytes; each has a class label (null: none).</summary>
public sealed class ClipSet(IReadOnlyList<IReadOnlyList<Frame>> clips, IReadOnlyList<int?> labels)
{
    public int Count => Clips.Count;

    /// <summary>Each clip's frames, in order (what <see cref="ClipCache"/> writes).</summary>
    public IReadOnlyList<IReadOnlyList<Frame>> Clips { get; } = clips;

    public IReadOnlyList<int?> Labels { get; } = labels;

    /// <summary>The clips at <paramref name="indices"/> as [B, 3, F, S, S] in [-1, 1].</summary>
    public Tensor Batch(ReadOnlySpan<int> indices)
    {
        using var scope = NewDisposeScope();
        var videos = new Tensor[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            videos[i] = VideoTensors.FromFrames(Clips[indices[i]]);
        }

        return stack(videos).MoveToOuterDisposeScope();
    }
}
