using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>MANIFEST.tsv corpora (the shared one included) and plain real/ + ai/ folders.</summary>
[TestClass]
public sealed class CorpusTests
{
    private const string Header = "path\tlabel\tkind\tfamily\tsource\tlicence\twidth\theight\tfps\tduration_s\tbytes\tsha256\tprocessing";

    [TestMethod]
    public void SharedCorpusHasTheCountsItsReadmeStates()
    {
        var items = Corpus.Load(SharedFolder.Data);

        // data/README.md: real 175 images + 69 videos, AI 63 images + 83 videos.
        Assert.HasCount(390, items);
        Assert.AreEqual(175, items.Count(i => !i.IsAi && i.MediaType == "image"));
        Assert.AreEqual(69, items.Count(i => !i.IsAi && i.MediaType == "video"));
        Assert.AreEqual(63, items.Count(i => i.IsAi && i.MediaType == "image"));
        Assert.AreEqual(83, items.Count(i => i.IsAi && i.MediaType == "video"));
        Assert.IsTrue(items.All(i => File.Exists(i.Path)));
        Assert.AreEqual(10, items.Count(i => i.IsAi && i.Family == "Show-1"));
    }

    [TestMethod]
    public void ManifestRowsBecomeItemsWithFullPaths()
    {
        using var temp = new TempFolder();
        Touch(temp, "ai/a.png");
        Touch(temp, "real/b.mp4");
        WriteManifest(temp, "ai/a.png\tai\timage\tSDXL\tgithub:x/y@a.png", "real/b.mp4\treal\tvideo\tphone footage\tgithub:z/w@b.mp4");

        var items = Corpus.Load(temp.Path);

        Assert.HasCount(2, items);
        Assert.AreEqual(new CorpusItem(temp.File("ai/a.png"), true, "image", "SDXL", "github:x/y@a.png"), items[0]);
        Assert.AreEqual(new CorpusItem(temp.File("real/b.mp4"), false, "video", "phone footage", "github:z/w@b.mp4"), items[1]);
    }

    [TestMethod]
    [DataRow("ai/a.png\tmaybe\timage\tSDXL\ts", "line 2", "label 'maybe'")]
    [DataRow("ai/a.png\tai\taudio\tSDXL\ts", "line 2", "kind 'audio'")]
    [DataRow("ai/a.png\tai\timage\t\ts", "line 2", "family is empty")]
    [DataRow("../outside.png\tai\timage\tSDXL\ts", "line 2", "not a file inside")]
    [DataRow("ai/missing.png\tai\timage\tSDXL\ts", "line 2", "does not exist")]
    public void BadRowsAreNamedByLine(string row, string where, string problem)
    {
        using var temp = new TempFolder();
        Touch(temp, "ai/a.png");
        WriteManifest(temp, row);

        var error = Assert.ThrowsExactly<CorpusException>(() => Corpus.Load(temp.Path));
        StringAssert.Contains(error.Message, Path.Combine(temp.Path, Corpus.ManifestName));
        StringAssert.Contains(error.Message, where);
        StringAssert.Contains(error.Message, problem);
    }

    [TestMethod]
    public void AManifestWithoutAFamilyColumnIsRefused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File(Corpus.ManifestName), "path\tlabel\tkind\tsource\n");
        var error = Assert.ThrowsExactly<CorpusException>(() => Corpus.Load(temp.Path));
        StringAssert.Contains(error.Message, "'family'");
    }

    [TestMethod]
    public void PlainFoldersTakeTheFirstSubfolderAsFamilyAndSkipOtherFiles()
    {
        using var temp = new TempFolder();
        Touch(temp, "real/x.jpg");
        Touch(temp, "real/phone/y.MP4");
        Touch(temp, "ai/sora/deep/z.gif");
        Touch(temp, "ai/notes.txt");

        var items = Corpus.Load(temp.Path);

        CollectionAssert.AreEqual(
            new[] { ("real", "phone", "video"), ("real", "real", "image"), ("ai", "sora", "video") },
            items.Select(i => (i.Label, i.Family, i.MediaType)).ToArray());
    }

    [TestMethod]
    public void AFolderWithNeitherLayoutIsRefusedByName()
    {
        using var temp = new TempFolder();
        var error = Assert.ThrowsExactly<CorpusException>(() => Corpus.Load(temp.Path));
        StringAssert.Contains(error.Message, temp.Path);
        Assert.ThrowsExactly<CorpusException>(() => Corpus.Load(temp.File("nope")));
    }

    [TestMethod]
    public void WrittenRowsLoadBackWithTheirOriginal()
    {
        using var temp = new TempFolder();
        Touch(temp, "ai/fake.png");
        Touch(temp, "real/b.jpg");
        ManifestRow[] rows =
        [
            new("ai/fake.png", "ai", "image", "pseudo-fake: upsample nearest", "github:z/w@b.jpg", "CC-BY-4.0", 8, 8, null, null, 3, "00", "nearest x2", "real/b.jpg"),
            new("real/b.jpg", "real", "image", "phone photo", "github:z/w@b.jpg", "CC-BY-4.0", 8, 8, null, null, 3, "00", "as it was"),
        ];

        ManifestRow.WriteAll(temp.File(Corpus.ManifestName), rows);
        var items = Corpus.Load(temp.Path);

        Assert.AreEqual("real/b.jpg", items[0].DerivedFrom);
        Assert.AreEqual("CC-BY-4.0", items[0].Licence);
        Assert.IsTrue(items[0].IsAi);
        Assert.IsNull(items[1].DerivedFrom, "an original names no original");
    }

    private static void Touch(TempFolder temp, string relative)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(temp.File(relative))!);
        File.WriteAllBytes(temp.File(relative), [1, 2, 3]);
    }

    private static void WriteManifest(TempFolder temp, params string[] rows) =>
        File.WriteAllLines(temp.File(Corpus.ManifestName), [Header, .. rows.Select(r => r + "\t\t\t\t\t\t\t\t")]);
}
