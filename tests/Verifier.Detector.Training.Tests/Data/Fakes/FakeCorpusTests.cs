using Verifier.Detector.Reports;
using Verifier.Detector.Tests.Support;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Data.Fakes;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Data.Fakes;

/// <summary>
/// A fakes corpus made from a tiny real corpus: loads through <see cref="Corpus"/> as AI items of the named families,
/// keeps each fake beside its original in <see cref="FamilySplit"/>, is the same bytes for the same seed, and names the
/// one unreadable original it skipped.
/// </summary>
[TestClass]
public sealed class FakeCorpusTests
{
    private static readonly string[] UpsampleFamilies =
        ["pseudo-fake: upsample nearest", "pseudo-fake: upsample bilinear", "pseudo-fake: upsample bicubic", "pseudo-fake: upsample transposed-conv"];

    [TestMethod]
    public async Task Fakes_load_as_ai_items_of_the_kernel_families_with_the_originals_source_and_licence_and_the_broken_original_is_named()
    {
        using var temp = new TempFolder();
        var data = MakeCorpus(temp.File("data"));
        var report = await FakeCorpus.WriteAsync(Request(data, temp.File("fakes"), seed: 1, threads: 2));

        var fakes = Corpus.Load(temp.File("fakes"));
        var originals = Corpus.Load(data).ToDictionary(i => Path.GetRelativePath(data, i.Path).Replace('\\', '/'));
        Assert.AreEqual(4, report.Originals, "the real items, the broken one included, and none of the AI ones");
        Assert.AreEqual(6, fakes.Count, "2 fakes of each of the 3 readable real items");
        foreach (var fake in fakes)
        {
            Assert.IsTrue(fake.IsAi);
            CollectionAssert.Contains(UpsampleFamilies, fake.Family);
            Assert.IsNotNull(fake.DerivedFrom);
            var original = originals[fake.DerivedFrom!["data/".Length..]];
            Assert.IsFalse(original.IsAi);
            Assert.AreEqual(original.Source, fake.Source);
            Assert.AreEqual(original.Licence, fake.Licence);
            Assert.AreEqual(original.MediaType, fake.MediaType);
            Assert.AreEqual(original.MediaType == MediaTypes.Image ? ".png" : ".mkv", Path.GetExtension(fake.Path));
        }

        foreach (var row in report.Fakes)
        {
            StringAssert.Contains(row.Processing, "area down x");
            StringAssert.Contains(row.Processing, $"from the real {row.DerivedFrom}");
        }

        // The broken original is named, with why, and nothing is left of it.
        var skipped = report.Skipped.Single();
        Assert.AreEqual(Path.Combine(data, "real", "broken.png"), skipped.Path);
        StringAssert.Contains(skipped.Reason, "broken.png");
        Assert.IsFalse(Directory.EnumerateFiles(temp.File("fakes"), "broken*", SearchOption.AllDirectories).Any());
        Assert.IsFalse(Directory.EnumerateFiles(temp.Path, "*.partial", SearchOption.AllDirectories).Any(), "a temporary file was left");
    }

    [TestMethod]
    public async Task The_same_seed_gives_the_same_bytes_whatever_the_thread_count_and_another_seed_other_fakes()
    {
        using var temp = new TempFolder();
        var data = MakeCorpus(temp.File("data"));
        await FakeCorpus.WriteAsync(Request(data, temp.File("a"), seed: 4, threads: 2));
        await FakeCorpus.WriteAsync(Request(data, temp.File("b"), seed: 4, threads: 1));
        await FakeCorpus.WriteAsync(Request(data, temp.File("c"), seed: 5, threads: 2));

        string Manifest(string name) => File.ReadAllText(Path.Combine(temp.File(name), Corpus.ManifestName));
        Assert.AreEqual(Manifest("a"), Manifest("b"), "the manifest (with every file's SHA-256) differs between runs of one seed");
        foreach (var file in Directory.EnumerateFiles(temp.File("a"), "*", SearchOption.AllDirectories))
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(temp.File("b"), Path.GetRelativePath(temp.File("a"), file))), file);
        }

        Assert.AreNotEqual(Manifest("a"), Manifest("c"), "another seed drew the same kernels and factors for every item");
    }

    [TestMethod]
    public async Task FamilySplit_keeps_every_fake_on_its_originals_side()
    {
        using var temp = new TempFolder();
        var data = MakeCorpus(temp.File("data"));
        await FakeCorpus.WriteAsync(Request(data, temp.File("fakes"), seed: 2, threads: 2));
        var items = Corpus.Load([data, temp.File("fakes")]);

        var sides = new HashSet<bool>();
        for (var seed = 0; seed < 8; seed++)
        {
            var split = FamilySplit.Split(items, 0.34, seed);
            var validation = split.Validation.ToHashSet();
            foreach (var fake in items.Where(i => i.DerivedFrom is not null))
            {
                var original = items.Single(i => !i.IsAi && Path.GetFileName(i.Path) == Path.GetFileName(fake.DerivedFrom));
                Assert.AreEqual(validation.Contains(original), validation.Contains(fake), $"seed {seed}: {fake.Path} is not beside {original.Path}");
                sides.Add(validation.Contains(fake));
            }
        }

        Assert.AreEqual(2, sides.Count, "over 8 seeds the fakes should land on both sides, as their originals do");
    }

    private static FakeCorpusRequest Request(string data, string output, int seed, int threads) =>
        new([data], output, [new UpsampleFakes(FfmpegTools.Locate(), new UpsampleChoices { Factors = [2, 3] })]) { PerItem = 2, Seed = seed, Threads = threads };

    /// <summary>
    /// Three readable real items from three sources (two stills, a clip), a broken one, and two AI families from two more
    /// sources, with licences, in a MANIFEST.tsv.
    /// </summary>
    private static string MakeCorpus(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "real"));
        Directory.CreateDirectory(Path.Combine(root, "ai"));
        Pictures.WritePng(SyntheticTiles.Frame(48, 40, new Random(1), upsampled: false), Path.Combine(root, "real", "one.png"));
        Pictures.WritePng(Pictures.Gradient(56, 48), Path.Combine(root, "real", "two.png"));
        Ffmpeg.LosslessClip(Path.Combine(root, "real", "three.mp4"), "testsrc2=size=64x48:rate=10:duration=0.6");
        File.WriteAllBytes(Path.Combine(root, "real", "broken.png"), [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        Pictures.WritePng(SyntheticTiles.Frame(48, 48, new Random(2), upsampled: true), Path.Combine(root, "ai", "x.png"));
        Pictures.WritePng(SyntheticTiles.Frame(48, 48, new Random(3), upsampled: true), Path.Combine(root, "ai", "y.png"));
        File.WriteAllLines(Path.Combine(root, Corpus.ManifestName),
        [
            "path\tlabel\tkind\tfamily\tsource\tlicence",
            "real/one.png\treal\timage\tcamera A\tgithub:a/one@one.png\tMIT",
            "real/two.png\treal\timage\tcamera B\tgithub:b/two@two.png\tCC-BY-4.0",
            "real/three.mp4\treal\tvideo\tcamera C\tgithub:c/three@three.mp4\tresearch only",
            "real/broken.png\treal\timage\tcamera C\tgithub:c/three@broken.png\tresearch only",
            "ai/x.png\tai\timage\tgenerator X\tgithub:d/x@x.png\tMIT",
            "ai/y.png\tai\timage\tgenerator Y\tgithub:e/y@y.png\tMIT",
        ]);
        return root;
    }
}
