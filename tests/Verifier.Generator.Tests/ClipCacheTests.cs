using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Data;
using Verifier.Generator.Tests.Support;
using Verifier.Generator.Training;

namespace Verifier.Generator.Tests;

/// <summary>
/// The clip cache gives back exactly the clips, labels and skipped files written, refuses a truncated, foreign, future
/// or other-settings file by name, and its corpus digest tells corpora apart but not a corpus moved to another folder.
/// </summary>
[TestClass]
public sealed class ClipCacheTests
{
    private static readonly GeneratorConfig Tiny = GeneratorConfig.Tiny;

    private static readonly ClipCutSettings Cut = ClipCutSettings.For(Tiny) with { RunsPerFile = 2, Corpus = "digest-a" };

    private static readonly string[] Skipped = ["/corpus/real/cam/broken.mp4: no video stream"];

    private static ClipSet Sample() =>
        new([TinyGenerator.Clip(5, 32), TinyGenerator.Clip(5, 32, shift: 3), TinyGenerator.Clip(5, 32, shift: 9)], [0, null, 3]);

    [TestMethod]
    public void RoundTripKeepsEveryFrameLabelAndSkippedFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("clips.bin");
        var written = Sample();

        ClipCache.Write(path, written, Skipped, Cut);
        var (read, skipped) = ClipCache.Read(path, Cut);

        CollectionAssert.AreEqual(Skipped, skipped.ToArray());
        CollectionAssert.AreEqual(new int?[] { 0, null, 3 }, read.Labels.ToArray());
        Assert.AreEqual(3, read.Count);
        for (var c = 0; c < 3; c++)
        {
            Assert.HasCount(5, read.Clips[c]);
            for (var f = 0; f < 5; f++)
            {
                var (a, b) = (written.Clips[c][f], read.Clips[c][f]);
                Assert.AreEqual((32, 32, a.TimeSeconds), (b.Width, b.Height, b.TimeSeconds), $"clip {c} frame {f}");
                CollectionAssert.AreEqual(a.Rgb, b.Rgb, $"clip {c} frame {f}");
            }
        }

        // Compact: per clip a 4-byte label, per frame an 8-byte time and its 32x32 RGB; plus a small header.
        var payload = 3 * (4L + (5 * (8L + (32 * 32 * 3))));
        Assert.IsInRange(payload, payload + 1024, new FileInfo(path).Length);
        Assert.HasCount(1, Directory.GetFiles(temp.Path), "a temporary file was left behind");
    }

    [TestMethod]
    public void TruncatedForeignAndFutureFilesAreRefusedByName()
    {
        using var temp = new TempFolder();
        var path = temp.File("clips.bin");
        ClipCache.Write(path, Sample(), Skipped, Cut);
        var whole = File.ReadAllBytes(path);

        foreach (var cut in new[] { whole.Length - 1, whole.Length - 5000, 200, 40, 13, 10, 0 })
        {
            File.WriteAllBytes(path, whole[..cut]);
            var e = Assert.Throws<InvalidDataException>(() => ClipCache.Read(path, Cut), $"cut at {cut}");
            StringAssert.Contains(e.Message, path);
        }

        File.WriteAllBytes(path, [.. whole, 0]);
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => ClipCache.Read(path, Cut), "a byte too many").Message, path);

        // Another cache of this toolkit is foreign too.
        var tiles = temp.File("tiles.bin");
        TileCache.Write(tiles, new TileSet([new TrainingTile(new byte[12], false, "cam", "/corpus/a.mp4")], []), "settings");
        var foreign = Assert.Throws<InvalidDataException>(() => ClipCache.Read(tiles, Cut));
        StringAssert.Contains(foreign.Message, tiles);
        StringAssert.Contains(foreign.Message, "not a clip cache");

        var future = (byte[])whole.Clone();
        future[8] = 99;
        File.WriteAllBytes(path, future);
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => ClipCache.Read(path, Cut)).Message, "version 99");
    }

    [TestMethod]
    public void OtherSettingsAreRefusedAndUnknownOnesAccepted()
    {
        using var temp = new TempFolder();
        var path = temp.File("clips.bin");
        ClipCache.Write(path, Sample(), Skipped, Cut);

        var otherShape = ClipCutSettings.For(new GeneratorConfig()) with { RunsPerFile = 2, Corpus = "digest-a" };
        var otherCorpus = Cut with { Corpus = "digest-b" };
        var otherRuns = Cut with { RunsPerFile = 4 };
        foreach (var (expected, says) in new[] { (otherShape, "17 frames at 64x64"), (otherCorpus, "another corpus"), (otherRuns, "2 runs per file, not 4") })
        {
            var e = Assert.Throws<InvalidDataException>(() => ClipCache.Read(path, expected));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, says);
        }

        // Without the corpus (the GPU machine) only the clip shape is known, and it matches.
        Assert.AreEqual(3, ClipCache.Read(path, ClipCutSettings.For(Tiny)).Clips.Count);
    }

    [TestMethod]
    public void ClipsOfAnotherShapeAreNotWritten()
    {
        using var temp = new TempFolder();
        var set = new ClipSet([TinyGenerator.Clip(5, 32), TinyGenerator.Clip(4, 32)], [null, null]);

        Assert.Throws<ArgumentException>(() => ClipCache.Write(temp.File("clips.bin"), set, [], Cut));
        Assert.IsEmpty(Directory.GetFiles(temp.Path));
    }

    [TestMethod]
    public void TheCorpusDigestFollowsTheRealVideosNotTheFolder()
    {
        using var temp = new TempFolder();
        string Corpus(string name, int bytes, bool extraAi = false)
        {
            var root = Path.Combine(temp.Path, name);
            foreach (var (file, size) in new[] { ("real/cam/a.mp4", bytes), ("real/phone/b.mp4", 10), ("ai/sora/c.mp4", extraAi ? 99 : 10) })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, file))!);
                File.WriteAllBytes(Path.Combine(root, file), new byte[size]);
            }

            return root;
        }

        string Digest(string root) =>
            ClipCutSettings.For(Tiny, 2, [(root, Detector.Training.Data.Corpus.Load(root))]).Corpus!;

        var original = Digest(Corpus("one", 10));
        Assert.AreEqual(original, Digest(Corpus("moved", 10)), "the same files in another folder");
        Assert.AreEqual(original, Digest(Corpus("ai-changed", 10, extraAi: true)), "AI files are not cut");
        Assert.AreNotEqual(original, Digest(Corpus("re-encoded", 11)), "a real video of another length");
        var grown = Corpus("grown", 10);
        File.WriteAllBytes(Path.Combine(grown, "real", "cam", "d.mp4"), new byte[10]);
        Assert.AreNotEqual(original, Digest(grown), "one more real video");
    }
}
