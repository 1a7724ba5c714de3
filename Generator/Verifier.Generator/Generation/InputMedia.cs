using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Generator.Generation;

/// <summary>Real inputs for the generator, fitted to its square: a clip's opening frames, or a still as the first frame.</summary>
public static class InputMedia
{
    /// <summary>
    /// The first <paramref name="frames"/> frames of a clip (fewer when it is shorter: the most that make 1 + 4k) as a
    /// video [3, F, S, S]. A file that cannot be read throws <see cref="MediaException"/> naming it.
    /// </summary>
    public static async Task<Tensor> ReadClipAsync(string path, int frames, int size, CancellationToken cancellation = default)
    {
        var tools = FfmpegTools.Locate();
        var clip = await new Ffprobe(tools).ProbeAsync(path, cancellation).ConfigureAwait(false);
        var decoded = await new VideoDecoder(tools).DecodeAsync(
            clip, [new SampleRun(0, frames, AtKeyframe: true)], FrameFit.ShortSide(clip.DisplaySize, size), cancellation).ConfigureAwait(false);
        var usable = decoded.Count == 0 ? 0 : 1 + ((decoded.Count - 1) / GeneratorConfig.TemporalCompression * GeneratorConfig.TemporalCompression);
        return usable > 0
            ? VideoTensors.FromFrames([.. decoded.Take(usable).Select(f => FrameFit.Square(f, size))])
            : throw new MediaException(MediaErrorKind.UnreadableMedia, $"{Path.GetFullPath(path)}: no video frame could be decoded");
    }

    /// <summary>A still image as a 1-frame video [3, 1, S, S] (the autoencoder is causal: an image is a 1-frame clip).</summary>
    public static Tensor ReadImage(string path, int size) =>
        VideoTensors.FromFrames([FrameFit.Square(ImageDecoder.Decode(path, targetLongSide: size * 4), size)]);
}
