using System.Text.Json.Nodes;
using Verifier.Cli.Tests.Support;
using Verifier.Detector.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary><c>scan --report</c>: one page for one file, a folder of pages for several, wrong targets refused before scanning.</summary>
[TestClass]
public sealed class ScanReportOptionTests
{
    private const int Tile = 32;

    [TestMethod]
    public void OneFileGivesOnePageThatShowsItsVerdictAndHashWhileJsonStaysOneLine()
    {
        using var folder = new TempFolder();
        var model = ModelPath(folder);
        var image = Ffmpeg.Still(folder.File("green.png"), "color=c=0x00FF00:s=64x64,format=rgb24");
        var page = folder.File("green-report.html");

        var run = new CliRun().Run("scan", image, "--json", "--report", page, "--model", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var report = JsonNode.Parse(run.OutputLines.Single())!;
        var html = File.ReadAllText(page);
        StringAssert.Contains(html, (string)report["sha256"]!);
        StringAssert.Contains(html, "Likely real");
        StringAssert.Contains(run.Error, $"report: {page}");
        Assert.IsEmpty(Directory.GetFiles(folder.Path, "*.tmp"), "no temporary page is left behind");
    }

    [TestMethod]
    public void SeveralFilesGiveAFolderWithAPagePerFileAndSameNamesKeptApart()
    {
        using var folder = new TempFolder();
        var model = ModelPath(folder);
        var a = Directory.CreateDirectory(folder.File("a")).FullName;
        var b = Directory.CreateDirectory(folder.File("b")).FullName;
        var red = Ffmpeg.Still(Path.Combine(a, "same.png"), "color=c=0xFF0000:s=64x64,format=rgb24");
        var green = Ffmpeg.Still(Path.Combine(b, "same.png"), "color=c=0x00FF00:s=64x64,format=rgb24");
        var pages = folder.File("pages");

        var run = new CliRun().Run("scan", red, green, "--report", pages, "--model", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var written = Directory.GetFiles(pages).Select(Path.GetFileName).Order().ToArray();
        CollectionAssert.AreEqual(new[] { "same-2.html", "same.html" }, written);
        StringAssert.Contains(File.ReadAllText(Path.Combine(pages, "same.html")), "Likely AI-generated");
        StringAssert.Contains(File.ReadAllText(Path.Combine(pages, "same-2.html")), "Likely real");
    }

    [TestMethod]
    public void ATargetThatCannotHoldTheReportsIsAUsageErrorBeforeAnyScan()
    {
        using var folder = new TempFolder();
        var model = ModelPath(folder);
        var image = Ffmpeg.Still(folder.File("x.png"), "color=c=0x00FF00:s=64x64,format=rgb24");
        var other = Ffmpeg.Still(folder.File("y.png"), "color=c=0xFF0000:s=64x64,format=rgb24");

        var noFolder = new CliRun().Run("scan", image, "--report", folder.File("missing/out.html"), "--model", model);
        Assert.AreEqual(64, noFolder.ExitCode);
        StringAssert.Contains(noFolder.Error, "does not exist");
        Assert.AreEqual(string.Empty, noFolder.Output, "nothing was scanned");

        var aFile = folder.File("taken.html");
        File.WriteAllText(aFile, "keep me");
        var several = new CliRun().Run("scan", image, other, "--report", aFile, "--model", model);
        Assert.AreEqual(64, several.ExitCode);
        StringAssert.Contains(several.Error, "must be a folder");
        Assert.AreEqual("keep me", File.ReadAllText(aFile));
    }

    private static string ModelPath(TempFolder folder)
    {
        using var model = ColourModel.Load(folder, Tile);
        return model.ModelPath;
    }
}
