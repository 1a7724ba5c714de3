using Verifier.Detector.Reports;
using Verifier.Media;

namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>
/// Pseudo-fakes that need no generator (detection.md §4.3): the real picture downscaled and upsampled again, which leaves
/// the upsampling traces generators' decoders leave (NPR). Stills are decoded upright and written as PNG; clips go frame
/// by frame through the same ffmpeg filters into FFV1 MKV, so every frame keeps its time. Lossless, so the only traces
/// are the named ones.
/// </summary>
public sealed class UpsampleFakes(FfmpegTools tools, UpsampleChoices choices) : IFakeMaker
{
    public const string KindName = "upsample";

    private readonly LosslessWriter writer = new(tools);

    public string Kind => KindName;

    public int Variants(int perItem) => perItem;

    public async Task<MadeFake> MakeAsync(CorpusItem original, Random random, string outputStem, CancellationToken cancellation)
    {
        var recipe = UpsampleRecipe.Draw(random, choices);
        if (original.MediaType == MediaTypes.Image)
        {
            var frame = ImageDecoder.Decode(original.Path);
            CheckSize(original, frame.Width, frame.Height, recipe);
            var still = outputStem + LosslessWriter.StillExtension;
            await writer.FilterStillAsync(frame, recipe.Filters, still, cancellation).ConfigureAwait(false);
            return new MadeFake(still, recipe.Family, $"{recipe.Description}; PNG");
        }

        var clip = await new Ffprobe(tools).ProbeAsync(original.Path, cancellation).ConfigureAwait(false);
        CheckSize(original, clip.DisplaySize.Width, clip.DisplaySize.Height, recipe);
        var video = outputStem + LosslessWriter.ClipExtension;
        await writer.FilterClipAsync(original.Path, recipe.Filters, video, cancellation).ConfigureAwait(false);
        return new MadeFake(video, recipe.Family, $"{recipe.Description}; every frame at its own time; FFV1 MKV, no audio");
    }

    private static void CheckSize(CorpusItem original, int width, int height, UpsampleRecipe recipe)
    {
        if (Math.Min(width, height) < recipe.MinimumSide)
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia,
                $"{original.Path}: {width}x{height} is too small for {recipe.Description} (needs a side of {recipe.MinimumSide} px)");
        }
    }
}
