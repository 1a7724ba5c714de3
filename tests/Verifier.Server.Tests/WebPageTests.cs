using System.Globalization;
using System.Net;
using Verifier.Detector.Reports;
using Verifier.Detector.Tests.Reports;
using Verifier.Detector.Tests.Support;
using Verifier.Server.Tests.Support;

namespace Verifier.Server.Tests;

/// <summary>
/// The page at <c>/</c> in Debian's chromium against a real server: a wrong key is refused and asked for again, the right
/// one is kept for the tab, a clip made with ffmpeg goes through the file input, and the verdict the page shows is the one
/// the colour maths predicts; the full report downloads. The page runs only its own script from this origin.
/// </summary>
[TestClass]
public sealed class WebPageTests
{
    [TestMethod]
    public async Task UploadThroughThePageShowsTheVerdictAndTheReport()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var key = ServiceHost.CreateKey(data);
        await using var host = await ServiceHost.StartAsync(new ServerOptions { DataFolder = data, ModelPath = ServiceHost.WriteModel(folder) });
        var clip = Ffmpeg.LosslessClip(folder.File("red clip.mp4"), "color=c=0xFF0000:s=64x64:r=10:d=1,format=rgb24");
        using (var anonymous = host.Client())
        {
            using var index = await anonymous.GetAsync("/");
            Assert.AreEqual(HttpStatusCode.OK, index.StatusCode);
            var csp = index.Headers.GetValues("Content-Security-Policy").Single();
            StringAssert.Contains(csp, "script-src 'self'");
            StringAssert.Contains(csp, "default-src 'none'");
            Assert.DoesNotContain("unsafe", csp);
        }

        await using var browser = await ReportBrowser.LaunchAsync();
        var opened = await browser.OpenAsync(host.BaseAddress.AbsoluteUri);
        var page = opened.Page;
        Assert.AreEqual(0, await page.EvaluateAsync<int>("document.querySelectorAll('script:not([src])').length"), "no inline script");

        await page.FillAsync("#api-key", key[..^2] + "xx");
        await page.ClickAsync("#save-key");
        await page.SetInputFilesAsync("#file-input", clip);
        await page.WaitForSelectorAsync("#error:not([hidden])");
        StringAssert.Contains(await page.InnerTextAsync("#error"), "did not accept this API key");
        Assert.IsTrue(await page.IsVisibleAsync("#api-key"), "asked for the key again");

        await page.FillAsync("#api-key", key);
        await page.ClickAsync("#save-key");
        Assert.AreEqual(key, await page.EvaluateAsync<string>("sessionStorage.getItem('verifier.api-key')"));
        await page.SetInputFilesAsync("#file-input", clip);
        await page.WaitForSelectorAsync("#result-section:not([hidden])", new() { Timeout = 60_000 });

        var expected = ColourModel.Probability(ColourModel.Logit(ColourModel.Red));
        Assert.AreEqual(ColourModel.Verdict(expected), await page.GetAttributeAsync("#verdict", "data-verdict"));
        Assert.AreEqual(string.Create(CultureInfo.InvariantCulture, $"p(AI) = {expected:F3}"), await page.InnerTextAsync("#p-ai"));
        Assert.AreEqual("NoManifest", await page.InnerTextAsync("#provenance"));
        Assert.IsFalse(await page.IsVisibleAsync("#error"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-link"));
        var saved = folder.File("report.html");
        await download.SaveAsAsync(saved);
        var html = await File.ReadAllTextAsync(saved);
        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, ScanReportHtml.ContentSecurityPolicy, "the report keeps its own policy");
        StringAssert.Contains(html, "red clip.mp4");

        // Another file dropped on the drop zone, as a drag from the desktop delivers it.
        var green = Ffmpeg.Still(folder.File("green.png"), "color=c=0x00FF00:s=32x32,format=rgb24");
        await page.ClickAsync("#again");
        await page.EvaluateAsync(
            """
            ([name, base64]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type: "image/png" }));
              document.getElementById("drop-zone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """,
            new[] { "green.png", Convert.ToBase64String(File.ReadAllBytes(green)) });
        await page.WaitForSelectorAsync("#result-section:not([hidden])", new() { Timeout = 60_000 });
        var greenExpected = ColourModel.Probability(ColourModel.Logit(ColourModel.Green));
        Assert.AreEqual(ColourModel.Verdict(greenExpected), await page.GetAttributeAsync("#verdict", "data-verdict"));
        Assert.AreEqual(string.Create(CultureInfo.InvariantCulture, $"p(AI) = {greenExpected:F3}"), await page.InnerTextAsync("#p-ai"));

        var foreign = opened.Problems.Where(p => !p.StartsWith("request: " + host.BaseAddress.AbsoluteUri, StringComparison.Ordinal)
                                                 && !p.StartsWith("request: blob:" + host.BaseAddress.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal)
                                                 && !p.Contains("401", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(foreign, string.Join("\n", foreign));
    }
}
