using Verifier.Detector.Reports;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Data.Fakes;
using Verifier.Media;

namespace Verifier.Generator.Generation;

/// <summary>
/// Aligned fakes: the real content passed through the generator's autoencoder (<see cref="VideoGenerator.Reconstruct"/>),
/// so the only difference from the real item is the generator's fingerprint. At the generator's size (the shipped tiny
/// model: 5 frames of 32x32, small and blurry); stills as PNG, clips as FFV1 MKV at the original's frame rate. No random
/// choice: one fake per original.
/// </summary>
public sealed class ReconstructionFakes(VideoGenerator generator, FfmpegTools tools) : IFakeMaker
{
    public const string KindName = "reconstruct";

    public const string Family = "aligned fake: verifier generator reconstruct";

    private readonly LosslessWriter writer = new(tools);

    // The model's weights are shared; one forward pass at a time while decoding and writing run in parallel.
    private readonly SemaphoreSlim modelTurn = new(1, 1);

    public string Kind => KindName;

    public int Variants(int perItem) => 1;

    public async Task<MadeFake> MakeAsync(CorpusItem original, Random random, string outputStem, CancellationToken cancellation)
    {
        var (frames, size) = (generator.Model.Config.Frames, generator.Model.Config.Size);
        var isImage = original.MediaType == MediaTypes.Image;
        var fps = isImage ? 1 : (await new Ffprobe(tools).ProbeAsync(original.Path, cancellation).ConfigureAwait(false)).FramesPerSecond;
        using var real = isImage
            ? InputMedia.ReadImage(original.Path, size)
            : await InputMedia.ReadClipAsync(original.Path, frames, size, cancellation).ConfigureAwait(false);

        IReadOnlyList<Frame> output;
        await modelTurn.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            using var reconstructed = generator.Reconstruct(real);
            output = VideoTensors.ToFrames(reconstructed, fps);
        }
        finally
        {
            modelTurn.Release();
        }

        var what = $"scaled to a short side of {size} px, centre-cropped to {size}x{size}, encoded and decoded by the autoencoder of {generator.Model.Config.Name}";
        if (isImage)
        {
            var still = outputStem + LosslessWriter.StillExtension;
            await writer.FilterStillAsync(output[0], null, still, cancellation).ConfigureAwait(false);
            return new MadeFake(still, Family, $"{what}; PNG");
        }

        var clip = outputStem + LosslessWriter.ClipExtension;
        await writer.WriteClipAsync(output, fps, clip, cancellation).ConfigureAwait(false);
        return new MadeFake(clip, Family, $"first {output.Count} frames {what}; FFV1 MKV at the original's {fps:0.###} fps, no audio");
    }
}
