using Verifier.Cli.Tests.Support;
using Verifier.Generator;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier train adversarial</c> argument and input errors exit 64 naming the problem, before any training (the
/// loop itself runs end to end in Verifier.Generator.Tests).
/// </summary>
[TestClass]
public sealed class AdversarialTrainCommandTests
{
    [TestMethod]
    public void UsageErrorsExit64AndNameTheProblem()
    {
        var generator = Temp.Dir();
        using (var model = new GeneratorModel(GeneratorConfig.Tiny))
        {
            model.Save(generator, autoencoderSteps: 0, transformerSteps: 0);
        }

        string[] common = ["train", "adversarial", "--data", Temp.Dir(), "--out", Path.Combine(Temp.Dir(), "adv"), "--generator", generator, "--device", "cpu"];
        var noRounds = new CliRun().Run([.. common, "--rounds", "0"]);
        var untrainedDetector = new CliRun().Run([.. common, "--detector", Path.Combine(Temp.Dir(), "no-such-detector")]);
        var tileTooLarge = new CliRun().Run([.. common, "--tile-size", "64"]);
        var noGenerator = new CliRun().Run("train", "adversarial", "--data", Temp.Dir(), "--out", Temp.Dir(), "--generator", Temp.Dir());

        Assert.AreEqual(ExitCodes.Usage, noRounds.ExitCode, noRounds.Output + noRounds.Error);
        StringAssert.Contains(noRounds.Error, "rounds");
        Assert.AreEqual(ExitCodes.Usage, untrainedDetector.ExitCode, untrainedDetector.Output + untrainedDetector.Error);
        StringAssert.Contains(untrainedDetector.Error, "no training checkpoint");
        Assert.AreEqual(ExitCodes.Usage, tileTooLarge.ExitCode, tileTooLarge.Output + tileTooLarge.Error);
        StringAssert.Contains(tileTooLarge.Error, "tiles must divide");
        Assert.AreEqual(ExitCodes.Usage, noGenerator.ExitCode, noGenerator.Output + noGenerator.Error);
        StringAssert.Contains(noGenerator.Error, "generator.json");
    }
}
