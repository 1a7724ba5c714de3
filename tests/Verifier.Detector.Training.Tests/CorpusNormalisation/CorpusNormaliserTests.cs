using System.Globalization;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.CorpusNormalisation;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Evaluation;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.CorpusNormalisation;

/// <summary>
/// A corpus whose format gives the label away (AI: 512x512 PNG stills and 8 fps GIF clips of 1 s; real: 640x480 JPEG
/// stills and 30 fps MP4 clips of 3 s with audio; the same test pattern for both), normalised twice with one seed: the
/// metadata-only baseline separates the original and not the copy, every copied file follows the rule, and the two copies
/// are byte for byte the same.
/// </summary>
[TestClass]
public sealed class CorpusNormaliserTests
{
    private const int FamiliesPerLabel = 4;
    private const int StillsPerFamily = 3;
    private const int ClipsPerFamily = 2;
    private const string Licence = "CC0 (made by the test)";

    private static string root = string.Empty;
    private static IReadOnlyList<CorpusItem> source = [];
    private static NormaliseReport first = null!;
    private static NormaliseReport second = null!;

    public TestContext TestContext { get; set; } = null!;

    private static string Original => Path.Combine(root, "original");

    private static string CopyA => Path.Combine(root, "a");

    private static string CopyB => Path.Combine(root, "b");

    [ClassInitialize]
    public static async Task MakeAndNormaliseTheCorpus(TestContext context)
    {
        root = Directory.CreateTempSubdirectory("verifier-normalise-").FullName;
        var rows = new List<string> { ManifestRow.Header };
        for (var family = 0; family < FamiliesPerLabel; family++)
        {
            for (var n = 0; n < StillsPerFamily + ClipsPerFamily; n++)
            {
                // The same pattern and hue for both labels: only the format differs.
                var hue = ((family * 5) + n) * 17;
                var clip = n >= StillsPerFamily;
                rows.Add(Make("ai", $"gen{family}", $"f{n}", clip, hue));
                rows.Add(Make("real", $"cam{family}", $"f{n}", clip, hue));
            }
        }

        File.WriteAllLines(Path.Combine(Original, Corpus.ManifestName), rows);
        source = Corpus.Load(Original);
        first = await CorpusNormaliser.RunAsync(new NormaliseRequest([Original], CopyA) { Seed = 5, Threads = 2 }, cancellation: context.CancellationToken);
        second = await CorpusNormaliser.RunAsync(new NormaliseRequest([Original], CopyB) { Seed = 5, Threads = 2 }, cancellation: context.CancellationToken);
    }

    [ClassCleanup]
    public static void RemoveTheCorpus()
    {
        if (root.Length > 0)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public async Task TheMetadataBaselineSeparatesTheOriginalButNotTheNormalisedCopy()
    {
        var before = await DetectorEvaluation.MetadataOnlyAsync(new EvalRequest([Original], ModelPath: string.Empty) { BootstrapResamples = 200 });
        var after = await DetectorEvaluation.MetadataOnlyAsync(new EvalRequest([CopyA], ModelPath: string.Empty) { BootstrapResamples = 200 });

        TestContext.WriteLine($"metadata-only AUC before {before.Auc:0.000}, after {after.Auc:0.000} ({after.TestFiles} test files)");
        Assert.IsGreaterThanOrEqualTo(0.9, before.Auc, $"the original's format gives the label away: {before.Auc}");
        // With ~6 test files per label a chance AUC spreads about +-0.17 (Mann-Whitney); 0.25..0.75 holds under chance and
        // fails for any format that still tells the labels apart (those score near 1).
        Assert.IsTrue(after.Auc is >= 0.25 and <= 0.75, $"normalised: AUC {after.Auc}, weights {string.Join(", ", after.Weights)}");
        Assert.AreEqual(before.TestFiles, after.TestFiles, "the same family split on both");
    }

    [TestMethod]
    public async Task EveryCopyIsAJpegOrAnH264Mp4WithoutAudioInTheRulesSets()
    {
        Assert.AreEqual(source.Count, first.Written);
        Assert.IsEmpty(first.Skipped);
        var probe = new Ffprobe(FfmpegTools.Locate());
        var aspects = NormalisationRule.Aspects.Select(a => (double)a.Width / a.Height).ToArray();
        foreach (var item in Corpus.Load(CopyA))
        {
            var name = Path.GetRelativePath(CopyA, item.Path);
            if (item.MediaType == "image")
            {
                Assert.AreEqual("jpeg", ImageDecoder.StillFormat(item.Path), name);
                Assert.AreEqual(".jpg", Path.GetExtension(item.Path), name);
                var size = ImageDecoder.ReadSize(item.Path);
                AssertFrame(name, size, aspects, NormalisationRule.StillShortSideMin, NormalisationRule.StillShortSideMax);
            }
            else
            {
                var clip = await probe.ProbeAsync(item.Path);
                Assert.AreEqual("h264", clip.Codec, name);
                Assert.IsFalse(clip.HasAudio, name);
                Assert.AreEqual(".mp4", Path.GetExtension(item.Path), name);
                Assert.IsTrue(NormalisationRule.FramesPerSecondChoices.Any(f => Math.Abs(f - clip.FramesPerSecond) < 0.01), $"{name}: {clip.FramesPerSecond} fps");
                // The cap, give or take one frame at the lowest rate.
                Assert.IsTrue(clip.DurationSeconds is >= NormalisationRule.DurationCapMin - 0.05 and <= NormalisationRule.DurationCapMax + 0.05, $"{name}: {clip.DurationSeconds} s");
                AssertFrame(name, clip.DisplaySize, aspects, NormalisationRule.ClipShortSideMin, NormalisationRule.ClipShortSideMax);
                Assert.AreEqual("moov", TopLevelBoxes(item.Path)[1], $"{name}: +faststart puts the index right after ftyp");
            }
        }

        Assert.IsEmpty(Directory.EnumerateFiles(CopyA, "*partial*", SearchOption.AllDirectories), "no temporary file is left");
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameBytesAndManifest()
    {
        var manifest = File.ReadAllText(first.ManifestPath);
        Assert.AreEqual(manifest, File.ReadAllText(second.ManifestPath));
        foreach (var row in manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var path = row.Split('\t')[0];
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(CopyA, path)), File.ReadAllBytes(Path.Combine(CopyB, path)), path);
        }
    }

    [TestMethod]
    public void TheManifestLoadsBackWithEachItemsIdentityAndItsNewFilesFigures()
    {
        var copies = Corpus.Load(CopyA);
        var lines = File.ReadAllLines(first.ManifestPath);

        Assert.AreEqual(ManifestRow.Header, lines[0], "the columns of ../shared/data/MANIFEST.tsv, then derived_from");
        Assert.HasCount(source.Count, copies);
        foreach (var (original, copy, line) in source.Zip(copies, lines.Skip(1)))
        {
            var cells = line.Split('\t');
            Assert.AreEqual((original.IsAi, original.Family, original.Source, Licence), (copy.IsAi, copy.Family, copy.Source, copy.Licence), line);
            Assert.AreEqual(Path.GetFileNameWithoutExtension(original.Path), Path.GetFileNameWithoutExtension(copy.Path), line);
            StringAssert.StartsWith(Path.GetRelativePath(CopyA, copy.Path), original.Label + "/", line);
            var bytes = File.ReadAllBytes(copy.Path);
            Assert.AreEqual(bytes.Length.ToString(CultureInfo.InvariantCulture), cells[10], line);
            Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), cells[11], line);
            StringAssert.StartsWith(cells[12], "normalised: crop ", line);
        }
    }

    private static string Make(string label, string family, string stem, bool clip, int hue)
    {
        var ai = label == "ai";
        var extension = clip ? (ai ? ".gif" : ".mp4") : (ai ? ".png" : ".jpg");
        var relative = $"{label}/{family}/{stem}{extension}";
        var path = Path.Combine(Original, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var pattern = FormattableString.Invariant($"hue=h={hue}");
        if (!clip)
        {
            Ffmpeg.Still(path, ai ? $"testsrc2=s=512x512,{pattern}" : $"testsrc2=s=640x480,{pattern}");
        }
        else
        {
            Ffmpeg.Animation(path, ai ? $"testsrc2=s=256x256:r=8:d=1,{pattern}" : $"testsrc2=s=320x240:r=30:d=3,{pattern},format=yuv420p;sine=f=440:d=3");
        }

        return $"{relative}\t{label}\t{(clip ? "video" : "image")}\t{family}\tsynthetic:{family}@{stem}\t{Licence}";
    }

    private static void AssertFrame(string name, FrameSize size, double[] aspects, int minShort, int maxShort)
    {
        var shortSide = Math.Min(size.Width, size.Height);
        Assert.IsTrue(shortSide >= minShort && shortSide <= maxShort, $"{name}: {size}");
        // Within the rounding of one (even) pixel on the short side.
        Assert.IsTrue(aspects.Any(a => Math.Abs(((double)size.Width / size.Height) - a) <= 2.5 / shortSide), $"{name}: {size}");
    }

    /// <summary>The MP4's top-level box types in file order.</summary>
    private static List<string> TopLevelBoxes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var boxes = new List<string>();
        for (long at = 0; at + 8 <= bytes.Length;)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)at));
            boxes.Add(System.Text.Encoding.ASCII.GetString(bytes, (int)at + 4, 4));
            at += size == 1 ? (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan((int)at + 8)) : size;
            if (size == 0)
            {
                break;
            }
        }

        return boxes;
    }
}
