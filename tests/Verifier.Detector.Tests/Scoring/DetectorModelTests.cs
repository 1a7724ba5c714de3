using System.Security.Cryptography;
using Verifier.Detector.Model;
using Verifier.Detector.Scoring;
using Verifier.Detector.Tests.Support;

namespace Verifier.Detector.Tests.Scoring;

/// <summary>Loading a model with its card, scoring tiles with ONNX Runtime, and refusing what does not fit.</summary>
[TestClass]
public sealed class DetectorModelTests
{
    private const int Tile = 8;
    private static readonly float[] Weights = [4f, -2f, 1f];
    private const float Bias = -1f;

    [TestMethod]
    public void ScoresAreHandComputedLogitsCalibratedIntoTheBand()
    {
        using var folder = new TempFolder();
        var path = TinyModels.WriteWithCard(folder, "detector", TinyModels.MeanColourLogit(Tile, Weights, Bias), CardJson.Valid(Tile, temperature: 2.0));
        using var model = DetectorModel.Load(path);

        // Channel means chosen for logits -3, 0 and 4; a zero-mean checkerboard on top keeps the pooling honest.
        float[][] means = [[0f, 1f, 0f], [0.25f, 0f, 0f], [1f, 0f, 1f]];
        var samples = new float[means.Length * 3 * Tile * Tile];
        for (var n = 0; n < means.Length; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var p = 0; p < Tile * Tile; p++)
                {
                    var checker = ((p / Tile) + (p % Tile)) % 2 == 0 ? 0.125f : -0.125f;
                    samples[((n * 3) + c) * Tile * Tile + p] = means[n][c] + checker;
                }
            }
        }

        var scores = model.Score(samples);

        float[] expectedLogits = [-3f, 0f, 4f];
        Verdict[] expectedVerdicts = [Verdict.Real, Verdict.Inconclusive, Verdict.Ai];
        Assert.HasCount(3, scores);
        for (var n = 0; n < 3; n++)
        {
            Assert.AreEqual(expectedLogits[n], scores[n].Logit, 1e-5, $"sample {n} logit");
            Assert.AreEqual(Reference.Sigmoid(expectedLogits[n] / 2.0), scores[n].ProbabilityOfAi, 1e-6, $"sample {n} p(AI)");
            Assert.AreEqual(expectedVerdicts[n], scores[n].Verdict, $"sample {n} verdict");
        }
    }

    [TestMethod]
    public void ClipLayoutScoresSeveralFramesPerSample()
    {
        using var folder = new TempFolder();
        const int frames = 2, tile = 4;
        var card = CardJson.Valid(tile);
        card["inputLayout"] = ModelCard.LayoutNcthw;
        card["framesPerSample"] = frames;
        var path = TinyModels.WriteWithCard(folder, "clip", TinyModels.ClipMeanColourLogit(frames, tile, Weights, Bias), card);
        using var model = DetectorModel.Load(path);

        var samples = Reference.RandomFloats(new Random(5), 2 * 3 * frames * tile * tile);
        var scores = model.Score(samples);

        var perChannel = frames * tile * tile;
        for (var n = 0; n < 2; n++)
        {
            double logit = Bias;
            for (var c = 0; c < 3; c++)
            {
                logit += Weights[c] * samples.AsSpan((n * 3 + c) * perChannel, perChannel).ToArray().Average();
            }

            Assert.AreEqual(logit, scores[n].Logit, 1e-5, $"clip {n}");
        }
    }

    [TestMethod]
    public void Sha256IsTheModelFilesDigestAndThreadCountDoesNotChangeScores()
    {
        using var folder = new TempFolder();
        var path = TinyModels.WriteWithCard(folder, "detector", TinyModels.MeanColourLogit(Tile, Weights, Bias), CardJson.Valid(Tile));
        var samples = Reference.RandomFloats(new Random(9), 4 * 3 * Tile * Tile);

        using var single = DetectorModel.Load(path, new DetectorOptions { IntraOpThreads = 1 });
        using var defaults = DetectorModel.Load(path);

        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), single.Sha256);
        Assert.AreEqual("tiny-test-detector", single.Card.Name);
        CollectionAssert.AreEqual(defaults.Score(samples).Select(s => s.Logit).ToArray(), single.Score(samples).Select(s => s.Logit).ToArray());
    }

    [TestMethod]
    public void TheCpuBuildScoresOnTheCpuForAutoAndRefusesCudaSayingWhatItNeeds()
    {
        // The tests reference ONNX Runtime's CPU package, which has no CUDA provider on any machine.
        using var folder = new TempFolder();
        var path = TinyModels.WriteWithCard(folder, "detector", TinyModels.MeanColourLogit(Tile, Weights, Bias), CardJson.Valid(Tile));
        var samples = Reference.RandomFloats(new Random(3), 2 * 3 * Tile * Tile);

        using var auto = DetectorModel.Load(path);
        using var cpu = DetectorModel.Load(path, new DetectorOptions { Device = ScoringDevice.Cpu });
        var refused = Assert.Throws<DetectorModelException>(() => DetectorModel.Load(path, new DetectorOptions { Device = ScoringDevice.Cuda }));

        Assert.AreEqual(ScoringDevice.Cpu, auto.Device);
        Assert.AreEqual(ScoringDevice.Cpu, cpu.Device);
        CollectionAssert.AreEqual(cpu.Score(samples).Select(s => s.Logit).ToArray(), auto.Score(samples).Select(s => s.Logit).ToArray());
        StringAssert.Contains(refused.Message, path);
        StringAssert.Contains(refused.Message, "Microsoft.ML.OnnxRuntime.Gpu");
    }

    [TestMethod]
    [DataRow("garbage")]
    [DataRow("truncated")]
    [DataRow("empty")]
    public void CorruptModelFileIsRejectedNamingIt(string corruption)
    {
        using var folder = new TempFolder();
        var valid = TinyModels.MeanColourLogit(Tile, Weights, Bias);
        byte[] bytes = corruption switch
        {
            "garbage" => [.. "this is not an ONNX model, it is a text file that was renamed"u8],
            "truncated" => valid[..(valid.Length / 2)],
            _ => [],
        };
        var path = TinyModels.WriteWithCard(folder, "broken", bytes, CardJson.Valid(Tile));

        var e = Assert.ThrowsExactly<DetectorModelException>(() => DetectorModel.Load(path));

        Assert.AreEqual(path, e.FilePath);
        StringAssert.StartsWith(e.Message, path + ": ONNX Runtime cannot load this model");
    }

    [TestMethod]
    public void ModelWithoutItsCardIsRejectedNamingTheCardPath()
    {
        using var folder = new TempFolder();
        var path = folder.File("lonely.onnx");
        File.WriteAllBytes(path, TinyModels.MeanColourLogit(Tile, Weights, Bias));

        var e = Assert.ThrowsExactly<DetectorModelException>(() => DetectorModel.Load(path));

        Assert.AreEqual(folder.File("lonely.json"), e.FilePath);
    }

    [TestMethod]
    public void CardTileSizeThatTheModelCannotTakeIsRejected()
    {
        using var folder = new TempFolder();
        var path = TinyModels.WriteWithCard(folder, "detector", TinyModels.MeanColourLogit(Tile, Weights, Bias), CardJson.Valid(tileSize: 16));

        var e = Assert.ThrowsExactly<DetectorModelException>(() => DetectorModel.Load(path));

        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, "input 'tiles' has shape");
        StringAssert.Contains(e.Message, "[batch, 3, 16, 16]");
    }

    [TestMethod]
    public void ModelWithMoreThanOneLogitPerSampleIsRejected()
    {
        using var folder = new TempFolder();
        var twoLogits = TinyModels.MeanColourLogit(Tile, [.. Weights, .. Weights], Bias, logitsPerSample: 2);
        var path = TinyModels.WriteWithCard(folder, "detector", twoLogits, CardJson.Valid(Tile));

        var e = Assert.ThrowsExactly<DetectorModelException>(() => DetectorModel.Load(path));

        StringAssert.Contains(e.Message, "output 'logit'");
    }

    [TestMethod]
    public void GraphFailingWhileScoringIsANamedModelError()
    {
        using var folder = new TempFolder();
        // 3 x 8 x 8 = 192 values per sample do not divide into rows of 5.
        var path = TinyModels.WriteWithCard(folder, "detector", TinyModels.RowMeans(Tile, rowLength: 5), CardJson.Valid(Tile));
        using var model = DetectorModel.Load(path);

        var e = Assert.ThrowsExactly<DetectorModelException>(() => model.Score(new float[3 * Tile * Tile]));

        Assert.AreEqual(path, e.FilePath);
        StringAssert.StartsWith(e.Message, path + ": ONNX Runtime failed to score 1 samples");
    }

    [TestMethod]
    public void ModelReturningTheWrongNumberOfLogitsIsANamedModelError()
    {
        using var folder = new TempFolder();
        // Rows of 64 values: three "logits" per sample although the declared output is [N, 1].
        var path = TinyModels.WriteWithCard(folder, "detector", TinyModels.RowMeans(Tile, rowLength: Tile * Tile), CardJson.Valid(Tile));
        using var model = DetectorModel.Load(path);

        var e = Assert.ThrowsExactly<DetectorModelException>(() => model.Score(new float[2 * 3 * Tile * Tile]));

        StringAssert.Contains(e.Message, "returned 6 values for 2 samples");
    }

    [TestMethod]
    public void PartialSampleIsACallerBug()
    {
        using var folder = new TempFolder();
        var path = TinyModels.WriteWithCard(folder, "detector", TinyModels.MeanColourLogit(Tile, Weights, Bias), CardJson.Valid(Tile));
        using var model = DetectorModel.Load(path);

        Assert.ThrowsExactly<ArgumentException>(() => model.Score(new float[(3 * Tile * Tile) + 1]));
        Assert.ThrowsExactly<ArgumentException>(() => model.Score(ReadOnlyMemory<float>.Empty));
    }
}
