using Verifier.Generator.Diffusion;
using Verifier.Generator.Generation;
using Verifier.Generator.Tests.Support;
using Verifier.Generator.Training;
using Verifier.Detector.Tests.Support;
using static TorchSharp.torch;

namespace Verifier.Generator.Tests;

/// <summary>Saved models load to the same outputs; a resumed training run repeats the uninterrupted one exactly.</summary>
[TestClass]
public sealed class CheckpointTests
{
    private static readonly SamplingOptions Sampling = new() { Steps = 2, Sampler = SamplerKind.Euler };

    [TestMethod]
    public void ASavedModelLoadsToIdenticalOutputs()
    {
        using var folder = new TempFolder();
        using var model = TinyGenerator.Random(10);
        model.SetLatentScale(0.5);
        model.Save(folder.Path, autoencoderSteps: 3, transformerSteps: 4);

        var (loaded, card) = GeneratorModel.Load(folder.Path);
        using (loaded)
        {
            using var expected = new VideoGenerator(model, CPU).Generate(5, 32, 2, Sampling);
            using var actual = new VideoGenerator(loaded, CPU).Generate(5, 32, 2, Sampling);

            Assert.IsTrue(expected.allclose(actual, rtol: 0, atol: 0));
            Assert.AreEqual(0.5f, loaded.LatentScale);
            Assert.AreEqual(GeneratorConfig.Tiny, card.Config with { AutoencoderChannels = GeneratorConfig.Tiny.AutoencoderChannels });
            CollectionAssert.AreEqual(GeneratorConfig.Tiny.AutoencoderChannels.ToArray(), card.Config.AutoencoderChannels.ToArray());
            Assert.AreEqual((3, 4), (card.AutoencoderSteps, card.TransformerSteps));
        }
    }

    [TestMethod]
    public void TheStateFileNamesEachPartPlainly()
    {
        using var model = TinyGenerator.Random(1);

        var keys = model.state_dict().Keys.ToList();

        Assert.IsTrue(keys.All(k => k.StartsWith("autoencoder.", StringComparison.Ordinal) || k.StartsWith("transformer.", StringComparison.Ordinal) || k == "latent_scale"),
            string.Join(", ", keys.Where(k => !k.StartsWith("autoencoder.", StringComparison.Ordinal) && !k.StartsWith("transformer.", StringComparison.Ordinal))));
        CollectionAssert.Contains(keys, "transformer.blocks.0.attention.qkv.weight");
        CollectionAssert.Contains(keys, "autoencoder.encoder.input.conv.weight");
    }

    [TestMethod]
    public void AMissingOrCorruptModelIsNamedNotACrash()
    {
        using var folder = new TempFolder();
        var missing = Assert.ThrowsExactly<InvalidDataException>(() => GeneratorModel.Load(folder.Path));
        StringAssert.Contains(missing.Message, folder.Path);

        using (var model = TinyGenerator.Random(1))
        {
            model.Save(folder.Path, 0, 0);
        }

        File.WriteAllBytes(Path.Combine(folder.Path, GeneratorCard.WeightsName), [1, 2, 3]);
        var corrupt = Assert.ThrowsExactly<InvalidDataException>(() => GeneratorModel.Load(folder.Path));
        StringAssert.Contains(corrupt.Message, GeneratorCard.WeightsName);
    }

    [TestMethod]
    public void BothStagesResumeToTheSameWeightsAsAnUninterruptedRun()
    {
        var clips = new ClipSet([TinyGenerator.Clip(5, 32), TinyGenerator.Clip(5, 32, shift: 3), TinyGenerator.Clip(5, 32, shift: 7)], [0, 1, null]);
        var options = new GeneratorTrainingOptions
        {
            Model = GeneratorConfig.Tiny, Steps = 2, BatchSize = 2, Device = "cpu", Seed = 3, CheckpointEvery = 1, SampleEvery = 0,
        };
        using var straight = new TempFolder();
        using var resumed = new TempFolder();

        var straightLosses = new List<float>();
        foreach (var stage in new[] { TrainingStage.Autoencoder, TrainingStage.Transformer })
        {
            using var trainer = new GeneratorTrainer(options, stage, straight.Path);
            trainer.Fit(clips);
            straightLosses.AddRange(trainer.Losses);
        }

        var resumedLosses = new List<float>();
        foreach (var stage in new[] { TrainingStage.Autoencoder, TrainingStage.Transformer })
        {
            using (var firstHalf = new GeneratorTrainer(options with { Steps = 1 }, stage, resumed.Path))
            {
                firstHalf.Fit(clips);
            }

            using var secondHalf = new GeneratorTrainer(options, stage, resumed.Path);
            Assert.AreEqual(1, secondHalf.StepsDone);
            secondHalf.Fit(clips);
            resumedLosses.AddRange(secondHalf.Losses);
            if (stage == TrainingStage.Transformer)
            {
                using var again = new GeneratorTrainer(options, stage, straight.Path);
                AssertSameWeights(again.Model, secondHalf.Model);
            }
        }

        CollectionAssert.AreEqual(straightLosses, resumedLosses);
        Assert.IsTrue(straightLosses.All(float.IsFinite));
    }

    private static void AssertSameWeights(GeneratorModel expected, GeneratorModel actual)
    {
        var theirs = actual.state_dict();
        foreach (var (name, value) in expected.state_dict())
        {
            Assert.IsTrue(value.allclose(theirs[name], rtol: 0, atol: 0), $"{name} differs");
        }
    }
}
