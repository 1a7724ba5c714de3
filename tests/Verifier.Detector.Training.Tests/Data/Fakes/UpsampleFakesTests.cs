using System.Diagnostics;
using System.Globalization;
using Verifier.Detector.Reports;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Data.Fakes;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Data.Fakes;

/// <summary>
/// The upsampling traces are really there, checked by plain loops over the decoded output, and clips keep their timing
/// (checked with ffprobe itself).
/// </summary>
[TestClass]
public sealed class UpsampleFakesTests
{
    [TestMethod]
    public async Task Nearest_x2_makes_every_2x2_block_one_colour_the_mean_of_the_original_block()
    {
        using var temp = new TempFolder();
        var input = SyntheticTiles.Frame(40, 30, new Random(3), upsampled: false);
        var output = Decode(await MakeStillAsync(temp, input, UpsampleKernel.Nearest, 2));

        Assert.AreEqual((40, 30), (output.Width, output.Height));
        for (var y = 0; y < output.Height; y += 2)
        {
            for (var x = 0; x < output.Width; x += 2)
            {
                for (var c = 0; c < 3; c++)
                {
                    var block = new[] { Pixel(output, x, y, c), Pixel(output, x + 1, y, c), Pixel(output, x, y + 1, c), Pixel(output, x + 1, y + 1, c) };
                    Assert.IsTrue(block.All(v => v == block[0]), $"block at ({x},{y}) channel {c} is not constant: {string.Join(',', block)}");
                    var mean = (Pixel(input, x, y, c) + Pixel(input, x + 1, y, c) + Pixel(input, x, y + 1, c) + Pixel(input, x + 1, y + 1, c)) / 4.0;
                    Assert.AreEqual(mean, block[0], 1.0, $"block at ({x},{y}) channel {c}: area downscale should average the 4 pixels");
                }
            }
        }
    }

    [TestMethod]
    public async Task Bilinear_x2_leaves_far_less_high_frequency_energy_than_the_original()
    {
        using var temp = new TempFolder();
        var input = SyntheticTiles.Frame(64, 64, new Random(5), upsampled: false);
        var output = Decode(await MakeStillAsync(temp, input, UpsampleKernel.Bilinear, 2));

        var (before, after) = (NeighbourEnergy(input), NeighbourEnergy(output));
        Assert.IsTrue(after < 0.3 * before, $"high-frequency energy {after:0.0} after vs {before:0.0} before");
        Assert.IsTrue(after > 0, "the output should not be flat");
    }

    [TestMethod]
    public async Task TransposedConv_x2_is_zero_insertion_then_the_taps_over_the_mean_gain()
    {
        using var temp = new TempFolder();
        const int factor = 2;

        // Constant 2x2 blocks, so the area downscale is exact and the expected output follows from the input alone.
        var (w, h) = (20, 16);
        var random = new Random(7);
        var low = Enumerable.Range(0, (w / factor) * (h / factor) * 3).Select(_ => random.Next(40, 200)).ToArray();
        var input = new Frame(w, h, [.. Enumerable.Range(0, w * h * 3).Select(i => (byte)low[LowIndex(i, w, factor)])], 0);
        var output = Decode(await MakeStillAsync(temp, input, UpsampleKernel.TransposedConv, factor));

        // Plain-loop reference: zero insertion, then correlation with taps 3 5 3 per axis, over the mean gain squared
        // (per axis 5 on the lattice, 3 + 3 off it: a mean of 5.5). The last block row and column lean on the clamped edge.
        int[] taps = [3, 5, 3];
        for (var y = 0; y < h - factor; y++)
        {
            for (var x = 0; x < w - factor; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    double sum = 0;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            var (sx, sy) = (x + dx, y + dy);
                            if (sx >= 0 && sy >= 0 && sx % factor == 0 && sy % factor == 0)
                            {
                                sum += taps[dx + 1] * taps[dy + 1] * low[((((sy / factor) * (w / factor)) + (sx / factor)) * 3) + c];
                            }
                        }
                    }

                    Assert.AreEqual(Math.Clamp(sum / (5.5 * 5.5), 0, 255), Pixel(output, x, y, c), 1.0, $"({x},{y}) channel {c}");
                }
            }
        }
    }

    [TestMethod]
    [DataRow(2, new[] { 5, 6 })]
    [DataRow(3, new[] { 7, 8, 8 })]
    [DataRow(4, new[] { 9, 10, 10, 10 })]
    public async Task TransposedConv_leaves_a_checkerboard_of_gains_on_a_flat_picture(int factor, int[] axisGains)
    {
        using var temp = new TempFolder();
        var (w, h) = (10 * factor, 8 * factor);
        var flat = new Frame(w, h, [.. Enumerable.Repeat((byte)100, w * h * 3)], 0);
        var grid = Decode(await MakeStillAsync(temp, flat, UpsampleKernel.TransposedConv, factor));

        var mean = axisGains.Average();
        for (var py = 0; py < factor; py++)
        {
            for (var px = 0; px < factor; px++)
            {
                var expected = 100.0 * axisGains[px] * axisGains[py] / (mean * mean);
                Assert.AreEqual(expected, Pixel(grid, factor + px, factor + py, 1), 1.0, $"phase ({px},{py})");
            }
        }

        Assert.IsTrue(Pixel(grid, factor, factor, 0) < Pixel(grid, factor + 1, factor + 1, 0) - 10, "no checkerboard");
    }

    [TestMethod]
    public async Task A_clip_keeps_its_frame_count_and_duration_in_lossless_RGB()
    {
        using var temp = new TempFolder();
        var clip = Ffmpeg.LosslessClip(temp.File("clip.mp4"), "testsrc2=size=64x48:rate=12:duration=1");
        foreach (var kernel in new[] { UpsampleKernel.Bicubic, UpsampleKernel.TransposedConv })
        {
            var maker = new UpsampleFakes(FfmpegTools.Locate(), Only(kernel, 2));
            var fake = await maker.MakeAsync(Real(clip, MediaTypes.Video), new Random(1), temp.File($"fake-{kernel}"), CancellationToken.None);

            Assert.AreEqual(".mkv", Path.GetExtension(fake.Path));
            var (before, after) = (Probe(clip), Probe(fake.Path));
            Assert.AreEqual(before.Frames, after.Frames, kernel.ToString());
            Assert.AreEqual(before.Duration, after.Duration, 1.0 / 12, kernel.ToString());
            // FFV1 keeps 8-bit RGB as bgr0 (its decoder's name for it): no chroma subsampling, no loss.
            Assert.AreEqual("ffv1 bgr0", after.Codec, kernel.ToString());
            StringAssert.Contains(fake.Processing, "every frame at its own time");
        }
    }

    [TestMethod]
    public async Task A_picture_too_small_for_the_factor_is_refused_with_its_name()
    {
        using var temp = new TempFolder();
        var path = temp.File("tiny.png");
        Pictures.WritePng(Pictures.Gradient(12, 12), path);
        var maker = new UpsampleFakes(FfmpegTools.Locate(), Only(UpsampleKernel.Nearest, 2));
        var error = await Assert.ThrowsExactlyAsync<MediaException>(() => maker.MakeAsync(Real(path, MediaTypes.Image), new Random(1), temp.File("out"), CancellationToken.None));
        StringAssert.Contains(error.Message, path);
        Assert.IsFalse(Directory.EnumerateFiles(temp.Path, "out*").Any());
    }

    internal static UpsampleChoices Only(UpsampleKernel kernel, int factor) =>
        new() { Kernels = [kernel], Factors = [factor], SecondPassProbability = 0 };

    internal static CorpusItem Real(string path, string mediaType) => new(path, false, mediaType, "camera", "github:owner/repo@" + Path.GetFileName(path));

    private static async Task<string> MakeStillAsync(TempFolder temp, Frame input, UpsampleKernel kernel, int factor)
    {
        var path = temp.File($"in-{kernel}-{factor}-{Guid.NewGuid():N}.png");
        Pictures.WritePng(input, path);
        var fake = await new UpsampleFakes(FfmpegTools.Locate(), Only(kernel, factor))
            .MakeAsync(Real(path, MediaTypes.Image), new Random(1), Path.ChangeExtension(path, null) + ".fake", CancellationToken.None);
        Assert.AreEqual(".png", Path.GetExtension(fake.Path));
        return fake.Path;
    }

    private static int LowIndex(int byteIndex, int width, int factor)
    {
        var (pixel, c) = (byteIndex / 3, byteIndex % 3);
        var (x, y) = (pixel % width, pixel / width);
        return ((((y / factor) * (width / factor)) + (x / factor)) * 3) + c;
    }

    private static Frame Decode(string path) => ImageDecoder.Decode(path);

    private static int Pixel(Frame frame, int x, int y, int c) => frame.Rgb[(((y * frame.Width) + x) * 3) + c];

    /// <summary>Mean squared difference of horizontally and vertically adjacent values: what a high-pass filter keeps.</summary>
    private static double NeighbourEnergy(Frame frame)
    {
        double sum = 0;
        var count = 0;
        for (var y = 0; y < frame.Height - 1; y++)
        {
            for (var x = 0; x < frame.Width - 1; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var v = Pixel(frame, x, y, c);
                    sum += Math.Pow(v - Pixel(frame, x + 1, y, c), 2) + Math.Pow(v - Pixel(frame, x, y + 1, c), 2);
                    count += 2;
                }
            }
        }

        return sum / count;
    }

    /// <summary>ffprobe's own count of decoded frames, the container's duration, and the codec and pixel format.</summary>
    internal static (int Frames, double Duration, string Codec) Probe(string path)
    {
        var psi = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
            "stream=nb_read_frames,codec_name,pix_fmt:format=duration", "-of", "default=noprint_wrappers=1", path])
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        var fields = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"ffprobe failed on {path}");
        return (int.Parse(fields["nb_read_frames"], CultureInfo.InvariantCulture), double.Parse(fields["duration"], CultureInfo.InvariantCulture),
            $"{fields["codec_name"]} {fields["pix_fmt"]}");
    }
}
