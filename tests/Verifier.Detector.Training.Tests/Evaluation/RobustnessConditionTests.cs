using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>
/// Each robustness condition really does what its name says to a 1280x800 25 fps clip and a 1000x800 PNG, measured on the
/// written files with ffprobe and Skia, and leaves nothing but its output behind.
/// </summary>
[TestClass]
public sealed class RobustnessConditionTests
{
    private static readonly FfmpegTools Tools = FfmpegTools.Locate();

    [TestMethod]
    public async Task EveryConditionChangesTheKindsItNamesAndOnlyThose()
    {
        using var folder = new TempFolder();
        var (clip, still) = Inputs(folder);
        var outputs = Directory.CreateDirectory(folder.File("out")).FullName;

        foreach (var condition in RobustnessCondition.Grid)
        {
            var clipCopy = await condition.ApplyAsync(clip, Path.Combine(outputs, "clip"), new VideoTranscoder(Tools), CancellationToken.None);
            var stillCopy = await condition.ApplyAsync(still, Path.Combine(outputs, "still"), new VideoTranscoder(Tools), CancellationToken.None);

            Assert.AreEqual(condition.AppliesTo.Contains("video", StringComparison.Ordinal), clipCopy is not null, condition.Name);
            Assert.AreEqual(condition.AppliesTo.Contains("image", StringComparison.Ordinal), stillCopy is not null, condition.Name);
            foreach (var copy in new[] { clipCopy, stillCopy }.OfType<string>())
            {
                Assert.IsTrue(File.Exists(copy), $"{condition.Name}: {copy}");
                File.Delete(copy);
            }

            Assert.IsEmpty(Directory.GetFileSystemEntries(outputs), $"{condition.Name} left files behind");
        }
    }

    [TestMethod]
    public async Task DownscalesGiveTheirHeightAndTheSocialChainIs720pAt30Fps()
    {
        using var folder = new TempFolder();
        var (clip, still) = Inputs(folder);

        var p480 = await Probe(Condition("480p"), clip, folder.File("480"));
        Assert.AreEqual((768, 480), (p480.Width, p480.Height));
        Assert.AreEqual("h264", p480.Codec);
        var p720 = await Probe(Condition("720p"), clip, folder.File("720"));
        Assert.AreEqual((1152, 720), (p720.Width, p720.Height));
        var social = await Probe(Condition("social chain"), clip, folder.File("social"));
        Assert.AreEqual((1152, 720, 30.0), (social.Width, social.Height, social.FramesPerSecond));

        var still480 = await Condition("480p").ApplyAsync(still, folder.File("s480"), new VideoTranscoder(Tools), CancellationToken.None);
        Assert.AreEqual(new FrameSize(600, 480), ImageDecoder.ReadSize(still480!));
        Assert.AreEqual("png", ImageDecoder.StillFormat(still480!), "a resize alone is stored losslessly");
        var stillSocial = await Condition("social chain").ApplyAsync(still, folder.File("ssocial"), new VideoTranscoder(Tools), CancellationToken.None);
        Assert.AreEqual(new FrameSize(900, 720), ImageDecoder.ReadSize(stillSocial!));
        Assert.AreEqual("jpeg", ImageDecoder.StillFormat(stillSocial!));
    }

    [TestMethod]
    public async Task HigherCrfAndLowerJpegQualityLoseMoreAndBlurSoftens()
    {
        using var folder = new TempFolder();
        var (clip, still) = Inputs(folder);
        var transcoder = new VideoTranscoder(Tools);

        var crf23 = await Condition("h264 crf 23").ApplyAsync(clip, folder.File("c23"), transcoder, CancellationToken.None);
        var crf35 = await Condition("h264 crf 35").ApplyAsync(clip, folder.File("c35"), transcoder, CancellationToken.None);
        Assert.IsLessThan(new FileInfo(crf23!).Length, new FileInfo(crf35!).Length, "CRF 35 keeps fewer bits than CRF 23");

        var original = ImageDecoder.Decode(still);
        var q90 = await Condition("jpeg q90").ApplyAsync(still, folder.File("q90"), transcoder, CancellationToken.None);
        var q50 = await Condition("jpeg q50").ApplyAsync(still, folder.File("q50"), transcoder, CancellationToken.None);
        Assert.AreEqual("jpeg", ImageDecoder.StillFormat(q50!));
        var (error90, error50) = (MeanAbsoluteDifference(original, ImageDecoder.Decode(q90!)), MeanAbsoluteDifference(original, ImageDecoder.Decode(q50!)));
        Assert.IsGreaterThan(0.0, error90);
        Assert.IsGreaterThan(error90, error50, "q50 loses more than q90");

        var blurred = await Condition("blur sigma 1").ApplyAsync(still, folder.File("blur"), transcoder, CancellationToken.None);
        var soft = ImageDecoder.Decode(blurred!);
        Assert.AreEqual((original.Width, original.Height), (soft.Width, soft.Height));
        Assert.IsLessThan(0.8 * Sharpness(original), Sharpness(soft), "a blur lowers the neighbouring-pixel differences");
    }

    [TestMethod]
    public async Task AnUnreadableClipIsAMediaErrorNamingItAndLeavesNothing()
    {
        using var folder = new TempFolder();
        var broken = folder.File("broken.mp4");
        File.WriteAllText(broken, "not a clip");
        var outputs = Directory.CreateDirectory(folder.File("out")).FullName;

        var error = await Assert.ThrowsExactlyAsync<MediaException>(
            () => Condition("social chain").ApplyAsync(broken, Path.Combine(outputs, "x"), new VideoTranscoder(Tools), CancellationToken.None));

        StringAssert.Contains(error.Message, broken);
        Assert.IsEmpty(Directory.GetFileSystemEntries(outputs));
    }

    private static RobustnessCondition Condition(string name) => RobustnessCondition.Grid.Single(c => c.Name == name);

    private static (string Clip, string Still) Inputs(TempFolder folder) =>
        (Ffmpeg.LosslessClip(folder.File("clip.mp4"), "testsrc2=s=1280x800:r=25:d=0.4"),
         Ffmpeg.Still(folder.File("still.png"), "testsrc2=s=1000x800,format=rgb24"));

    private static async Task<ProbeResult> Probe(RobustnessCondition condition, string clip, string stem) =>
        await new Ffprobe(Tools).ProbeAsync((await condition.ApplyAsync(clip, stem, new VideoTranscoder(Tools), CancellationToken.None))!);

    private static double MeanAbsoluteDifference(Frame a, Frame b) => a.Rgb.Zip(b.Rgb).Average(p => Math.Abs(p.First - p.Second));

    /// <summary>The mean absolute difference between horizontally neighbouring samples.</summary>
    private static double Sharpness(Frame frame)
    {
        double sum = 0;
        for (var y = 0; y < frame.Height; y++)
        {
            for (var i = (y * frame.Width * 3) + 3; i < (y + 1) * frame.Width * 3; i++)
            {
                sum += Math.Abs(frame.Rgb[i] - frame.Rgb[i - 3]);
            }
        }

        return sum / (frame.Height * (frame.Width - 1) * 3);
    }
}
