using SkiaSharp;
using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Generator.Training;

/// <summary>A PNG with one row per video [3, F, S, S] and one column per frame (up to 9, spread evenly), to eyeball progress.</summary>
public static class SampleGrid
{
    private const int MaxColumns = 9;

    public static void Write(string path, IReadOnlyList<Tensor> videos)
    {
        var rows = videos.Select(v => VideoTensors.ToFrames(v, framesPerSecond: 1)).ToList();
        var columns = Math.Min(MaxColumns, rows.Max(r => r.Count));
        var side = rows[0][0].Width;
        var (width, height) = (columns * side, rows.Count * side);
        var rgb = new byte[Frame.ByteCount(width, height)];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var frame = rows[r][columns == 1 ? 0 : c * (rows[r].Count - 1) / (columns - 1)];
                for (var y = 0; y < side; y++)
                {
                    frame.Rgb.AsSpan(y * side * 3, side * 3).CopyTo(rgb.AsSpan((((r * side) + y) * width + (c * side)) * 3));
                }
            }
        }

        using var bitmap = FramePixels.ToBitmap(new Frame(width, height, rgb, 0));
        var temp = path + ".tmp";
        using (var file = File.Create(temp))
        {
            bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
        }

        File.Move(temp, path, overwrite: true);
    }
}
