using System.Globalization;
using System.Text.Json;
using SkiaSharp;
using Verifier.Detector.Reports;
using Verifier.Detector.Tests.Support;

namespace Verifier.Detector.Tests.Reports;

/// <summary>
/// Opens rendered reports in headless chromium and checks what a reader sees: the words, the numbers, every picture
/// decoded, the timeline bars and heatmap tiles drawn with a size and in place, and a page that ran nothing and fetched
/// nothing. One browser serves the class; each test opens its own file.
/// </summary>
[TestClass]
public sealed class ScanReportBrowserTests
{
    private static ReportBrowser? _browser;

    [ClassInitialize]
    public static async Task LaunchBrowser(TestContext context) => _browser = await ReportBrowser.LaunchAsync();

    [ClassCleanup]
    public static async Task CloseBrowser()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task ClipReportShowsVerdictProvenanceTimelineAndHeatmaps()
    {
        using var folder = new TempFolder();
        var provenance = ReportOutcomes.Trusted with { ClaimGenerator = ReportOutcomes.HostileGenerator };
        var outcome = ReportOutcomes.Clip(provenance, file: ReportOutcomes.HostileName);
        var opened = await OpenAsync(folder, outcome);
        var page = opened.Page;

        var text = await page.InnerTextAsync("body");
        StringAssert.Contains(text, "Likely AI-generated");
        StringAssert.Contains(text, "p(AI) = 0.870");
        StringAssert.Contains(text, ReportOutcomes.ClipSha256);
        StringAssert.Contains(text, ReportOutcomes.ModelSha256);
        Assert.AreEqual("Trusted", await page.InnerTextAsync("#validation-state"));
        StringAssert.Contains(text, "statistical evidence from a machine-learning model, not proof");

        // The hostile name and generator are shown as the text they are; nothing of theirs became markup or ran.
        Assert.AreEqual(ReportOutcomes.HostileName, await page.InnerTextAsync("#file-name"));
        StringAssert.Contains(text, ReportOutcomes.HostileGenerator);
        Assert.AreEqual(0, await page.EvaluateAsync<int>("document.querySelectorAll('script').length"));
        Assert.AreEqual("Scan report: " + ReportOutcomes.HostileName, await page.TitleAsync());

        await AssertPicturesDecodedAsync(page, outcome.Pictures.Count * 2);

        var bars = await page.EvaluateAsync<JsonElement>(
            "[...document.querySelectorAll('svg.timeline rect.segment')].map(r => { const b = r.getBoundingClientRect(); return [b.width, b.height]; })");
        Assert.AreEqual(ReportOutcomes.ClipSegmentScores.Length, bars.GetArrayLength(), "one bar per segment");
        var heights = bars.EnumerateArray().Select(b => b[1].GetDouble()).ToList();
        for (var i = 0; i < heights.Count; i++)
        {
            Assert.IsGreaterThan(0, bars[i][0].GetDouble(), $"bar {i} width");
            Assert.AreEqual(ReportOutcomes.ClipSegmentScores[i] / ReportOutcomes.ClipSegmentScores[0], heights[i] / heights[0], 0.03, $"bar {i} height");
        }

        await AssertTilesOverPicturesAsync(page, outcome);
        Assert.IsEmpty(opened.Problems, string.Join("\n", opened.Problems));
        AssertScreenshotIsAPicture(await ScreenshotAsync(page, folder));
    }

    [TestMethod]
    public async Task ImageReportSaysNoTimelineAndShowsUnreadableProvenance()
    {
        using var folder = new TempFolder();
        var outcome = ReportOutcomes.Image(ReportOutcomes.Unreadable);
        var opened = await OpenAsync(folder, outcome);
        var page = opened.Page;

        var text = await page.InnerTextAsync("body");
        StringAssert.Contains(text, "Likely real (camera)");
        StringAssert.Contains(text, "p(AI) = 0.120");
        StringAssert.Contains(text, ReportOutcomes.ImageSha256);
        StringAssert.Contains(text, "there is no timeline");
        Assert.AreEqual("Unreadable", await page.InnerTextAsync("#validation-state"));
        StringAssert.Contains(text, "JUMBF box at offset 1234 runs past the end of the file");
        Assert.AreEqual(0, await page.EvaluateAsync<int>("document.querySelectorAll('svg.timeline').length"));

        await AssertPicturesDecodedAsync(page, 2);
        await AssertTilesOverPicturesAsync(page, outcome);
        Assert.IsEmpty(opened.Problems, string.Join("\n", opened.Problems));
    }

    [TestMethod]
    public async Task PrintLayoutAppliesAndSavesAsPdf()
    {
        using var folder = new TempFolder();
        var opened = await OpenAsync(folder, ReportOutcomes.Clip(ReportOutcomes.NoManifest));
        var page = opened.Page;

        await page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Print });

        // 10pt is the print style's body size; verdict and provenance stay side by side on paper.
        Assert.AreEqual("13.3333px", await page.EvaluateAsync<string>("getComputedStyle(document.body).fontSize"));
        var columns = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.summary')).gridTemplateColumns");
        Assert.HasCount(2, columns.Split(' '), $"summary columns in print: {columns}");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        CollectionAssert.AreEqual("%PDF"u8.ToArray(), pdf[..4], "PDF signature");
        Assert.IsGreaterThan(20_000, pdf.Length, "a PDF with the report's pictures in it");
        Assert.IsEmpty(opened.Problems, string.Join("\n", opened.Problems));
    }

    [TestMethod]
    public async Task MissingChromiumFailsWithTheInstallCommand()
    {
        var failure = await Assert.ThrowsExactlyAsync<AssertFailedException>(() => ReportBrowser.LaunchAsync("/nonexistent/chromium"));

        StringAssert.Contains(failure.Message, "apt-get install -y chromium");
        StringAssert.Contains(failure.Message, "/nonexistent/chromium");
    }

    private static async Task<OpenedPage> OpenAsync(TempFolder folder, ScanOutcome outcome)
    {
        var path = folder.File("report.html");
        await File.WriteAllTextAsync(path, ScanReportHtml.Render(outcome));
        return await _browser!.OpenAsync(path);
    }

    private static async Task AssertPicturesDecodedAsync(Microsoft.Playwright.IPage page, int expected)
    {
        var widths = await page.EvaluateAsync<int[]>("[...document.images].map(i => i.complete ? i.naturalWidth : 0)");
        Assert.HasCount(expected, widths);
        Assert.IsTrue(widths.All(w => w > 0), $"every picture decoded: natural widths {string.Join(", ", widths)}");
    }

    /// <summary>Each heatmap has its frame's tiles, each drawn with a size and inside its picture as laid out on screen.</summary>
    private static async Task AssertTilesOverPicturesAsync(Microsoft.Playwright.IPage page, ScanOutcome outcome)
    {
        var figures = await page.EvaluateAsync<JsonElement>("""
            [...document.querySelectorAll('figure.heatmap')].map(f => {
              const img = f.querySelector('img').getBoundingClientRect();
              const tiles = [...f.querySelectorAll('rect.tile')].map(r => r.getBoundingClientRect());
              return { img: [img.left, img.top, img.right, img.bottom], tiles: tiles.map(t => [t.left, t.top, t.right, t.bottom]) };
            })
            """);
        Assert.AreEqual(outcome.Pictures.Count, figures.GetArrayLength());
        for (var i = 0; i < outcome.Pictures.Count; i++)
        {
            var picture = outcome.Pictures[i];
            var frame = outcome.Report.Frames.Single(f => f.TimeSeconds == picture.TimeSeconds);
            var img = Box(figures[i].GetProperty("img"));
            var tiles = figures[i].GetProperty("tiles").EnumerateArray().Select(Box).ToList();
            Assert.HasCount(frame.Tiles.Count, tiles, $"heatmap {i} tiles");
            // On screen the picture is shown at some width; a tile's place is its native place scaled by that width.
            var shown = (img[2] - img[0]) / (picture.Width / picture.Scale);
            for (var t = 0; t < tiles.Count; t++)
            {
                var (box, tile) = (tiles[t], frame.Tiles[t]);
                Assert.IsGreaterThan(0, box[2] - box[0], $"heatmap {i} tile {t} width");
                Assert.AreEqual(img[0] + tile.X * shown, box[0], 1.0, $"heatmap {i} tile {t} left");
                Assert.AreEqual(img[1] + tile.Y * shown, box[1], 1.0, $"heatmap {i} tile {t} top");
                Assert.AreEqual(tile.Width * shown, box[2] - box[0], 1.0, $"heatmap {i} tile {t} width");
                Assert.IsLessThanOrEqualTo(img[3] + 0.5, box[3], $"heatmap {i} tile {t} stays on the picture");
            }
        }
    }

    private static double[] Box(JsonElement values) => values.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static async Task<string> ScreenshotAsync(Microsoft.Playwright.IPage page, TempFolder folder)
    {
        var path = folder.File("report.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>A PNG of the page with real content: many distinct colours, not one flat fill.</summary>
    private static void AssertScreenshotIsAPicture(string path)
    {
        var bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4], "PNG signature");
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.IsNotNull(bitmap, "the screenshot decodes");
        Assert.IsGreaterThan(800, bitmap.Height, "a full-page screenshot is taller than the first screen");
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        Assert.IsGreaterThan(200, colours.Count, string.Create(CultureInfo.InvariantCulture, $"distinct colours in the screenshot: {colours.Count}"));
    }
}
