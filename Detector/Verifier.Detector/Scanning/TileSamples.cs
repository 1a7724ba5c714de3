using Verifier.Media;

namespace Verifier.Detector.Scanning;

/// <summary>
/// Writes tiles of frames into model samples: channel-planar ([c, h, w] for one frame, [c, t, h, w] for a clip sample),
/// RGB as floats in [0, 1] (the card's normalisation comes after). A tile smaller than the model's (a frame smaller than
/// one tile) is scaled up to it by nearest neighbour.
/// </summary>
public static class TileSamples
{
    private const float ByteToUnit = 1f / 255f;

    /// <summary>Writes <paramref name="rect"/> of <paramref name="frame"/> as frame <paramref name="t"/> of the <paramref name="frames"/> in <paramref name="sample"/>.</summary>
    public static void Write(Frame frame, TileRect rect, int tileSize, int frames, int t, Span<float> sample)
    {
        var plane = tileSize * tileSize;
        var rgb = frame.Rgb;
        var red = sample.Slice(t * plane, plane);
        var green = sample.Slice((frames + t) * plane, plane);
        var blue = sample.Slice(((2 * frames) + t) * plane, plane);
        for (var y = 0; y < tileSize; y++)
        {
            var sourceY = rect.Y + (rect.Height == tileSize ? y : y * rect.Height / tileSize);
            var rowStart = sourceY * frame.Width;
            for (var x = 0; x < tileSize; x++)
            {
                var sourceX = rect.X + (rect.Width == tileSize ? x : x * rect.Width / tileSize);
                var source = (rowStart + sourceX) * 3;
                var target = (y * tileSize) + x;
                red[target] = rgb[source] * ByteToUnit;
                green[target] = rgb[source + 1] * ByteToUnit;
                blue[target] = rgb[source + 2] * ByteToUnit;
            }
        }
    }

    /// <summary>
    /// Fills frames <paramref name="from"/>..end of every sample in <paramref name="samples"/> with a copy of frame
    /// <paramref name="from"/> - 1: an image is T copies of itself, and a run cut short by the clip's end repeats its last frame.
    /// </summary>
    public static void RepeatLastFrame(Span<float> samples, int sampleLength, int channels, int frames, int from)
    {
        var plane = sampleLength / channels / frames;
        for (var start = 0; start < samples.Length; start += sampleLength)
        {
            for (var c = 0; c < channels; c++)
            {
                var channel = samples.Slice(start + (c * frames * plane), frames * plane);
                var last = channel.Slice((from - 1) * plane, plane);
                for (var t = from; t < frames; t++)
                {
                    last.CopyTo(channel.Slice(t * plane, plane));
                }
            }
        }
    }
}
