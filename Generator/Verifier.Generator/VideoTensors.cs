using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Generator;

/// <summary>Packed RGB24 frames to a video tensor [3, F, H, W] in [-1, 1] and back (rounded, clamped to 0..255).</summary>
public static class VideoTensors
{
    public static Tensor FromFrames(IReadOnlyList<Frame> frames)
    {
        var (width, height) = (frames[0].Width, frames[0].Height);
        var plane = width * height;
        var values = new float[3L * frames.Count * plane];
        for (var f = 0; f < frames.Count; f++)
        {
            var rgb = frames[f].Rgb;
            if (frames[f].Width != width || frames[f].Height != height)
            {
                throw new ArgumentException($"frame {f} is {frames[f].Width}x{frames[f].Height}, not {width}x{height}", nameof(frames));
            }

            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    values[(((long)c * frames.Count) + f) * plane + p] = (rgb[(p * 3) + c] / 127.5f) - 1f;
                }
            }
        }

        return tensor(values, [3, frames.Count, height, width]);
    }

    public static IReadOnlyList<Frame> ToFrames(Tensor video, double framesPerSecond)
    {
        using var cpu = video.detach().to(ScalarType.Float32).cpu().contiguous();
        var (count, height, width) = ((int)cpu.shape[1], (int)cpu.shape[2], (int)cpu.shape[3]);
        var values = cpu.data<float>().ToArray();
        var plane = width * height;
        var frames = new Frame[count];
        for (var f = 0; f < count; f++)
        {
            var rgb = new byte[Frame.ByteCount(width, height)];
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var v = (values[(((long)c * count) + f) * plane + p] + 1f) * 127.5f;
                    rgb[(p * 3) + c] = (byte)Math.Clamp(MathF.Round(v), 0, 255);
                }
            }

            frames[f] = new Frame(width, height, rgb, f / framesPerSecond);
        }

        return frames;
    }
}
