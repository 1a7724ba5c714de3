using System.Globalization;
using System.Text.RegularExpressions;
using Verifier.Detector.Reports;

namespace Verifier.Detector.Tests.Reports;

/// <summary>The HTML report's structure and escaping, read from the markup (the browser test checks what it shows).</summary>
[TestClass]
public sealed partial class ScanReportHtmlTests
{
    [TestMethod]
    public void PageIsSelfContainedWithAStrictPolicyAndNoScript()
    {
        var html = ScanReportHtml.Render(ReportOutcomes.Clip(ReportOutcomes.Trusted));

        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:;");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        var references = ReferenceAttribute().Matches(html).Select(m => m.Groups["value"].Value).ToList();
        Assert.IsNotEmpty(references);
        foreach (var reference in references)
        {
            Assert.IsTrue(reference.StartsWith("data:image/jpeg;base64,", StringComparison.Ordinal) || reference.StartsWith('#'),
                $"a reference that would leave the page: {reference[..Math.Min(60, reference.Length)]}");
        }

        foreach (Match url in CssUrl().Matches(html))
        {
            StringAssert.StartsWith(url.Groups["value"].Value, "#", "a CSS url() that would leave the page");
        }
    }

    [TestMethod]
    public void HostileFileNameAndManifestFieldsAreShownAsText()
    {
        var provenance = ReportOutcomes.Trusted with
        {
            ClaimGenerator = ReportOutcomes.HostileGenerator,
            Signer = new ProvenanceSigner("<b onmouseover=alert(2)>signer</b>", "\"quoted\" & co", null, "Es256", null),
            DigitalSourceTypes = ["http://cv.iptc.org/newscodes/digitalsourcetype/<svg onload=alert(3)>"],
            Failure = ["<i>code</i>"],
        };
        var html = ScanReportHtml.Render(ReportOutcomes.Clip(provenance, file: ReportOutcomes.HostileName));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b onmouseover", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>code", html, StringComparison.Ordinal);
        StringAssert.Contains(html, "<p class=\"file\" id=\"file-name\">&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;.mp4</p>");
        StringAssert.Contains(html, "<title>Scan report: &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;.mp4</title>");
        StringAssert.Contains(html, "&lt;script&gt;alert(&#39;generator&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
        StringAssert.Contains(html, "&lt;b onmouseover=alert(2)&gt;signer&lt;/b&gt; (&quot;quoted&quot; &amp; co)");
        StringAssert.Contains(html, "source type &lt;svg onload=alert(3)&gt;");
        StringAssert.Contains(html, "&lt;i&gt;code&lt;/i&gt;");
    }

    [TestMethod]
    public void VerdictIsInWordsWithTheScoreAndTheBand()
    {
        var ai = ScanReportHtml.Render(ReportOutcomes.Clip(ReportOutcomes.Trusted));
        var real = ScanReportHtml.Render(ReportOutcomes.Image(ReportOutcomes.NoManifest));
        var unsure = ScanReportHtml.Render(ReportOutcomes.Clip(ReportOutcomes.NoManifest, probabilityOfAi: 0.5, verdict: "inconclusive"));

        StringAssert.Contains(ai, "<p class=\"verdict-words\">Likely AI-generated</p>");
        StringAssert.Contains(ai, "<strong id=\"p-ai\">0.870</strong>");
        StringAssert.Contains(ai, "At or above 0.700: likely AI-generated");
        StringAssert.Contains(ai, "at or below 0.300: likely real (camera)");
        StringAssert.Contains(ai, "statistical evidence from a machine-learning model, not proof");
        StringAssert.Contains(real, "<p class=\"verdict-words\">Likely real (camera)</p>");
        StringAssert.Contains(real, "<strong id=\"p-ai\">0.120</strong>");
        StringAssert.Contains(unsure, "<p class=\"verdict-words\">Inconclusive</p>");
        Assert.DoesNotContain("id=\"notes\"", ai, StringComparison.Ordinal);
    }

    [TestMethod]
    public void TheScannersNotesAreListedUnderTheVerdictAsText()
    {
        var outcome = ReportOutcomes.Image(ReportOutcomes.NoManifest);
        var noted = outcome with { Report = outcome.Report with { Notes = ["saved at JPEG quality about 40: <b>heavy</b>", "second"] } };

        var html = ScanReportHtml.Render(noted);

        StringAssert.Contains(html, "<ul class=\"notes\" id=\"notes\">\n<li>saved at JPEG quality about 40: &lt;b&gt;heavy&lt;/b&gt;</li>\n<li>second</li>\n</ul>");
        Assert.IsLessThan(html.IndexOf("id=\"provenance", StringComparison.Ordinal), html.IndexOf("id=\"notes\"", StringComparison.Ordinal), "inside the verdict panel, before the provenance");
    }

    [TestMethod]
    public void ProvenancePanelWordsEachState()
    {
        var trusted = ScanReportHtml.Render(ReportOutcomes.Clip(ReportOutcomes.Trusted));
        StringAssert.Contains(trusted, "id=\"validation-state\">Trusted</p>");
        StringAssert.Contains(trusted, "signed by a certificate on the trust list");
        StringAssert.Contains(trusted, "<dd>Verifier Test Signer (Verifier Tests) issued by Verifier Test Intermediate with Es256</dd>");
        StringAssert.Contains(trusted, "<dd>2026-11-20 09:30:00 UTC</dd>");
        StringAssert.Contains(trusted, "<dd>Verifier/0.1.0</dd>");
        StringAssert.Contains(trusted, "declared AI-generated (trainedAlgorithmicMedia)");

        var unreadable = ScanReportHtml.Render(ReportOutcomes.Image(ReportOutcomes.Unreadable));
        StringAssert.Contains(unreadable, "id=\"validation-state\">Unreadable</p>");
        StringAssert.Contains(unreadable, "could not be read: JUMBF box at offset 1234 runs past the end of the file.");

        var none = ScanReportHtml.Render(ReportOutcomes.Image(ReportOutcomes.NoManifest));
        StringAssert.Contains(none, "id=\"validation-state\">NoManifest</p>");
        StringAssert.Contains(none, "carries no Content Credentials");

        var invalid = ScanReportHtml.Render(ReportOutcomes.Clip(ReportOutcomes.Trusted with
        {
            ValidationState = "Invalid",
            Failure = ["assertion.dataHash.mismatch"],
        }));
        StringAssert.Contains(invalid, "id=\"validation-state\">Invalid</p>");
        StringAssert.Contains(invalid, "<li>the content was changed after it was signed <code>assertion.dataHash.mismatch</code></li>");
    }

    [TestMethod]
    public void TimelineHasOneBarPerSegmentWithHeightsInProportionToTheScores()
    {
        var html = ScanReportHtml.Render(ReportOutcomes.Clip(ReportOutcomes.Trusted));

        var bars = SegmentBar().Matches(html).ToList();
        Assert.HasCount(ReportOutcomes.ClipSegmentScores.Length, bars);
        var heights = bars.Select(b => Parse(b.Groups["height"].Value)).ToList();
        var xs = bars.Select(b => Parse(b.Groups["x"].Value)).ToList();
        for (var i = 0; i < bars.Count; i++)
        {
            Assert.AreEqual(ReportOutcomes.ClipSegmentScores[i].ToString("0.000", CultureInfo.InvariantCulture), bars[i].Groups["p"].Value);
            var expectedRatio = ReportOutcomes.ClipSegmentScores[i] / ReportOutcomes.ClipSegmentScores[0];
            Assert.AreEqual(expectedRatio, heights[i] / heights[0], 0.02, $"bar {i} height against bar 0");
            if (i > 0)
            {
                // One bar per second: equal steps along the time axis.
                Assert.AreEqual(xs[1] - xs[0], xs[i] - xs[i - 1], 0.02, $"bar {i} position");
            }
        }

        foreach (var seconds in new[] { 0, 1, 2, 3, 4, 5 })
        {
            StringAssert.Contains(html, $">{seconds} s</text>");
        }

        StringAssert.Contains(html, "class=\"band-ai\"");
        StringAssert.Contains(html, "class=\"band-real\"");
        StringAssert.Contains(html, "time (seconds)");
    }

    [TestMethod]
    public void AnImageSaysItHasNoTimeline()
    {
        var html = ScanReportHtml.Render(ReportOutcomes.Image(ReportOutcomes.NoManifest));

        StringAssert.Contains(html, "This is a still image: there is no timeline.");
        Assert.DoesNotContain("class=\"timeline\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"segment\"", html, StringComparison.Ordinal);
        StringAssert.Contains(html, "<figcaption>the image, p(AI) 0.120</figcaption>");
    }

    [TestMethod]
    public void HeatmapTilesAreTheNativeTilesScaledOntoEachPicture()
    {
        var outcome = ReportOutcomes.Clip(ReportOutcomes.Trusted);
        var html = ScanReportHtml.Render(outcome);

        var figures = HeatmapFigure().Matches(html).ToList();
        Assert.HasCount(outcome.Pictures.Count, figures);
        for (var i = 0; i < figures.Count; i++)
        {
            var picture = outcome.Pictures[i];
            var frame = outcome.Report.Frames.Single(f => f.TimeSeconds == picture.TimeSeconds);
            var rects = TileRect().Matches(figures[i].Value).ToList();
            Assert.HasCount(frame.Tiles.Count, rects);
            for (var t = 0; t < rects.Count; t++)
            {
                var tile = frame.Tiles[t];
                Assert.AreEqual(tile.X * 0.5, Parse(rects[t].Groups["x"].Value), 0.01);
                Assert.AreEqual(tile.Y * 0.5, Parse(rects[t].Groups["y"].Value), 0.01);
                Assert.AreEqual(tile.Width * 0.5, Parse(rects[t].Groups["w"].Value), 0.01);
                Assert.AreEqual(tile.Height * 0.5, Parse(rects[t].Groups["h"].Value), 0.01);
            }

            // The picture is shown twice (thumbnail and heatmap) from the same bytes.
            var dataUri = "data:image/jpeg;base64," + Convert.ToBase64String(picture.Jpeg);
            Assert.AreEqual(2, CountOf(html, dataUri), $"picture {i}");
            StringAssert.Contains(figures[i].Value, "viewBox=\"0 0 160 120\"");
        }

        var image = ScanReportHtml.Render(ReportOutcomes.Image(ReportOutcomes.NoManifest));
        var first = TileRect().Match(image);
        Assert.AreEqual("5", first.Groups["x"].Value);
        Assert.AreEqual("5", first.Groups["y"].Value);
        Assert.AreEqual("48", first.Groups["w"].Value);
        Assert.AreEqual(6, TileRect().Matches(image).Count);
        StringAssert.Contains(image, "class=\"colour-legend\"");
    }

    [TestMethod]
    public void PictureWithoutAScoredFrameIsShownWithoutTiles()
    {
        var clip = ReportOutcomes.Clip(ReportOutcomes.Trusted);
        var stray = clip with { Pictures = [clip.Pictures[0] with { TimeSeconds = 9.9 }] };

        var html = ScanReportHtml.Render(stray);

        Assert.AreEqual(0, TileRect().Matches(html).Count);
        StringAssert.Contains(html, "9.90 s: no scored frame has this time, so no tiles are drawn");
    }

    [TestMethod]
    public void FileFactsAndModelCardAreListed()
    {
        var html = ScanReportHtml.Render(ReportOutcomes.Clip(ReportOutcomes.Trusted));

        StringAssert.Contains(html, $"<td id=\"sha256\">{ReportOutcomes.ClipSha256}</td>");
        StringAssert.Contains(html, $"<td id=\"model-sha256\">{ReportOutcomes.ModelSha256}</td>");
        StringAssert.Contains(html, "<td>320 x 240 pixels</td>");
        StringAssert.Contains(html, "<td>5.00 s</td>");
        StringAssert.Contains(html, "<td>25 frames/s</td>");
        StringAssert.Contains(html, "<td>h264</td>");
        StringAssert.Contains(html, "<td>verifier 0.1.0</td>");
        StringAssert.Contains(html, "<td>tiny-test-detector 0.0.1</td>");
        StringAssert.Contains(html, "<td>2026-11-22 20:15:42 UTC</td>");
        StringAssert.Contains(html, "1235 ms (probe 40 ms, decode 700 ms, score 450 ms, provenance 12 ms)");
        StringAssert.Contains(html, "temperature 2:");
        StringAssert.Contains(html, "<th>AUC</th><th>TPR at 1% FPR</th>");
        StringAssert.Contains(html, "<tr><td>sora</td><td>56</td><td>0.810</td><td>0.420</td></tr>");
        StringAssert.Contains(html, "<tr><td>sd-1.5</td><td>800</td><td>0.970</td></tr>");
        StringAssert.Contains(html, "@media print");
    }

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex("\\s(?:src|href)=\"(?<value>[^\"]*)\"")]
    private static partial Regex ReferenceAttribute();

    [GeneratedRegex(@"url\((?<value>[^)]*)\)")]
    private static partial Regex CssUrl();

    [GeneratedRegex("<rect class=\"segment\" data-p-ai=\"(?<p>[0-9.]+)\" x=\"(?<x>[0-9.]+)\" y=\"[0-9.]+\" width=\"[0-9.]+\" height=\"(?<height>[0-9.]+)\"")]
    private static partial Regex SegmentBar();

    [GeneratedRegex("""<figure class="heatmap".*?</figure>""", RegexOptions.Singleline)]
    private static partial Regex HeatmapFigure();

    [GeneratedRegex("<rect class=\"tile\" data-p-ai=\"[0-9.]+\" x=\"(?<x>[0-9.]+)\" y=\"(?<y>[0-9.]+)\" width=\"(?<w>[0-9.]+)\" height=\"(?<h>[0-9.]+)\"")]
    private static partial Regex TileRect();
}
