using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Verifier.Detector.Model;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Evaluation.Html;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>The evaluation page from a hand-made report: well-formed, self-contained, hostile corpus text shown as text.</summary>
[TestClass]
public sealed class EvalReportHtmlTests
{
    private const string Hostile = "<script>alert('family')</script>";

    [TestMethod]
    public void PageParsesKeepsHostileNamesAsTextAndDrawsTheRocCorners()
    {
        ScoredFile[] files =
        [
            new("/c/a.mp4", "ai", Hostile, 0.9, "ai", "video", "mp4/h264"),
            new("/c/b.png", "ai", "gen", 0.4, "inconclusive", "image", "png"),
            new("/c/c.jpg", "real", "cam", 0.6, "inconclusive", "image", "jpeg"),
            new("/c/d.jpg", "real", "cam", 0.1, "real", "image", "jpeg"),
        ];
        var original = FileLevelFigures.Compute("original", files, [], 100, 1);
        var report = new EvalReport("m", "00ff", new VerdictBand(0.3, 0.7), "all families", original, null)
        {
            BaselineNote = $"no metadata baseline: {Hostile}",
        };
        var card = new ModelCard("m", "1", ModelCard.LayoutNchw, 3, 32, 1, new Normalisation([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
            new Calibration(1), new DecisionThresholds(0.3, 0.7), [], [new FamilyFigures(Hostile, 1, new Dictionary<string, double> { ["auc"] = 0.5 })]);

        var page = EvalReportHtml.Render(report, card);

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        StringAssert.Contains(page, "&lt;script&gt;alert(&#39;family&#39;)&lt;/script&gt;");
        StringAssert.Contains(page, "default-src 'none'");
        using var reader = XmlReader.Create(new StringReader(page), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var xml = XDocument.Load(reader);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var curve = xml.Descendants(svg + "polyline").Single();
        // Scores high to low: 0.9 ai, 0.6 real, 0.4 ai, 0.1 real -> (0,0) (0,.5) (.5,.5) (.5,1) (1,1) in plot coordinates.
        var corners = ((string)curve.Attribute("points")!).Split(' ').Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.HasCount(5, corners);
        var (x0, y0, x1, y1) = (corners[0][0], corners[0][1], corners[4][0], corners[4][1]);
        double[][] expected = [[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]];
        for (var i = 0; i < 5; i++)
        {
            Assert.AreEqual(expected[i][0], (corners[i][0] - x0) / (x1 - x0), 1e-2, $"corner {i} x");
            Assert.AreEqual(expected[i][1], (y0 - corners[i][1]) / (y0 - y1), 1e-2, $"corner {i} y");
        }

        Assert.IsTrue(xml.Descendants("p").Any(p => p.Value.Contains("Not measured in this run", StringComparison.Ordinal)), "no grid was asked for");
    }
}
