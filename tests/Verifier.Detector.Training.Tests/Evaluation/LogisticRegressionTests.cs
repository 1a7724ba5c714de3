using Verifier.Detector.Training.Evaluation;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>The metadata baseline's logistic regression and features on toy sets whose answer is known.</summary>
[TestClass]
public sealed class LogisticRegressionTests
{
    [TestMethod]
    public void LearnsALinearlySeparableSetAndLeansOnTheFeatureThatSeparatesIt()
    {
        // The label is x0 > 5; x1 is noise that takes the same values in both classes.
        var random = new Random(4);
        var rows = Enumerable.Range(0, 60).Select(i => new[] { i % 2 == 0 ? 6 + random.NextDouble() * 4 : random.NextDouble() * 4, random.Next(3) * 100.0 }).ToArray();
        var labels = rows.Select(r => r[0] > 5).ToArray();

        var model = LogisticRegression.Fit(rows, labels);

        for (var i = 0; i < rows.Length; i++)
        {
            Assert.AreEqual(labels[i], model.Probability(rows[i]) > 0.5, $"row {i}: x0 = {rows[i][0]:0.00}");
        }

        Assert.IsGreaterThan(0.95, model.Probability([9.5, 0]));
        Assert.IsLessThan(0.05, model.Probability([0.5, 200]));
        Assert.IsGreaterThan(5 * Math.Abs(model.Weights[1]), model.Weights[0], $"weights {string.Join(", ", model.Weights)}");
    }

    [TestMethod]
    public void AFeatureThatCarriesNothingLeavesEveryFileAtTheBaseRate()
    {
        // One constant feature; a quarter of the rows are positive: the fit is the base rate, whatever the row.
        var rows = Enumerable.Range(0, 40).Select(_ => new[] { 3.0 }).ToArray();
        var labels = Enumerable.Range(0, 40).Select(i => i % 4 == 0).ToArray();

        var model = LogisticRegression.Fit(rows, labels);

        Assert.AreEqual(0.25, model.Probability([3.0]), 1e-3);
        Assert.AreEqual(0.0, model.Weights[0], 1e-12);
    }

    [TestMethod]
    public void MetadataFeaturesOneHotTheTrainingVocabularyAndComputeBitsPerPixel()
    {
        var clip = new FileMetadata(640, 360, 2, 25, true, "mp4", "h264", 576_000);
        var still = new FileMetadata(100, 50, 0, 0, false, "png", "png", 1_250);
        var features = new MetadataFeatures([clip, still]);

        // 576,000 bytes x 8 over 640 x 360 pixels x 50 frames; 1,250 x 8 over 5,000 pixels.
        Assert.AreEqual(576_000 * 8.0 / (640 * 360 * 50), clip.BitsPerPixel, 1e-12);
        Assert.AreEqual(2.0, still.BitsPerPixel, 1e-12);
        var names = features.Names.ToList();
        CollectionAssert.AreEqual(new[] { "container mp4", "container png", "codec h264", "codec png" }, names.Skip(9).ToArray());
        var row = features.Of(new FileMetadata(640, 480, 1, 30, false, "webm", "h264", 1000));
        Assert.HasCount(names.Count, row);
        // An unseen container sets no container column; the known codec sets its own.
        CollectionAssert.AreEqual(new[] { 0.0, 0.0, 1.0, 0.0 }, row.Skip(9).ToArray());
        Assert.AreEqual(Math.Log(640), row[names.IndexOf("log width")], 1e-12);
        Assert.AreEqual(1.0, row[names.IndexOf("video")]);
    }
}
