using System.Diagnostics;
using Verifier.Detector.Reports;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Data.Fakes;
using Verifier.Generator.Generation;
using Verifier.Media;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>
/// The reconstruct kind with the shipped tiny generator (models/gen): a still and a short clip come out at the generator's
/// size, as the autoencoder's round trip of the real content, and load as the aligned-fake family.
/// </summary>
[TestClass]
public sealed class ReconstructionFakesTests
{
    [TestMethod]
    public async Task A_still_and_a_clip_come_out_as_the_shipped_autoencoders_round_trip_at_its_size()
    {
        using var temp = new TempFolder();
        var (model, card) = GeneratorModel.Load(ShippedGeneratorFolder());
        using var disposeModel = model;
        var generator = new VideoGenerator(model, CPU);
        var (size, frames) = (card.Config.Size, card.Config.Frames);

        var data = temp.File("data");
        Directory.CreateDirectory(Path.Combine(data, "real"));
        // Dark above, light below: a shape even the blurry tiny autoencoder keeps.
        Ffmpeg.Still(Path.Combine(data, "real", "still.png"), "color=0x202830:s=96x64[a];color=0xe0d0c0:s=96x32[b];[a][b]overlay=0:32,format=rgb24");
        Ffmpeg.LosslessClip(Path.Combine(data, "real", "clip.mp4"), "testsrc2=size=64x48:rate=10:duration=1");
        File.WriteAllLines(Path.Combine(data, Corpus.ManifestName),
        [
            "path\tlabel\tkind\tfamily\tsource\tlicence",
            "real/still.png\treal\timage\tlavfi\tlocal:still@still.png\tpublic domain",
            "real/clip.mp4\treal\tvideo\tlavfi\tlocal:clip@clip.mp4\tpublic domain",
        ]);

        var clock = Stopwatch.StartNew();
        var report = await FakeCorpus.WriteAsync(new FakeCorpusRequest([data], temp.File("fakes"), [new ReconstructionFakes(generator, FfmpegTools.Locate())]) { PerItem = 3 });
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");

        var fakes = Corpus.Load(temp.File("fakes"));
        Assert.AreEqual(2, fakes.Count, "one reconstruction per original, whatever --per-item asks: it has no random choice");
        Assert.IsTrue(fakes.All(f => f.IsAi && f.Family == ReconstructionFakes.Family && f.Licence == "public domain"));
        Assert.AreEqual(0, report.Skipped.Count);

        // The still: the generator's square, and the autoencoder's reconstruction of the same input, pixel for pixel.
        var still = fakes.Single(f => f.MediaType == MediaTypes.Image);
        var written = ImageDecoder.Decode(still.Path);
        Assert.AreEqual((size, size), (written.Width, written.Height));
        using var input = InputMedia.ReadImage(Path.Combine(data, "real", "still.png"), size);
        using var expected = generator.Reconstruct(input);
        var expectedFrame = VideoTensors.ToFrames(expected, 1)[0];
        CollectionAssert.AreEqual(expectedFrame.Rgb, written.Rgb, "the PNG is not the lossless reconstruction");
        // Aligned: nearer its own input than the same picture turned upside down (the tiny model is blurry, not content-free).
        var inputFrame = VideoTensors.ToFrames(input, 1)[0];
        var rowBytes = size * 3;
        var upsideDown = Enumerable.Range(0, size).SelectMany(row => inputFrame.Rgb.Skip((size - 1 - row) * rowBytes).Take(rowBytes)).ToArray();
        var (own, other) = (MeanAbsoluteDifference(inputFrame.Rgb, written.Rgb), MeanAbsoluteDifference(upsideDown, written.Rgb));
        Assert.IsTrue(own > 0.5 && own < other, $"mean |reconstruction - input| {own:0.0}, vs the input upside down {other:0.0}");

        // The clip: the model's frame count at its size, at the original's frame rate.
        var clip = await new Ffprobe(FfmpegTools.Locate()).ProbeAsync(fakes.Single(f => f.MediaType == MediaTypes.Video).Path);
        Assert.AreEqual((size, size, 10.0), (clip.Width, clip.Height, clip.FramesPerSecond));
        var decoded = await new VideoDecoder(FfmpegTools.Locate()).DecodeAsync(clip, [new SampleRun(0, 100, AtKeyframe: true)], new FrameSize(size, size));
        Assert.AreEqual(frames, decoded.Count);
    }

    private static double MeanAbsoluteDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    private static string ShippedGeneratorFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Verifier.sln")))
            {
                return Path.Combine(dir.FullName, "models", "gen");
            }
        }

        throw new InvalidOperationException("Verifier.sln was not found above " + AppContext.BaseDirectory);
    }
}
