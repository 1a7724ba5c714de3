using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier train detector --data DIR... --out models/NAME [--device auto|cpu|cuda] [--epochs N] [--seed S] [--adv-eps E] [--frames T] [--family-weight W]</c>:
/// trains the tile detector on MANIFEST.tsv or real/ + ai/ corpora, holding whole families out for calibration,
/// and writes NAME.onnx + NAME.json (checkpoints in NAME.checkpoint/, from which a rerun resumes). With --frames T above 1
/// the net takes T consecutive frames per sample (NCTHW) and adds the motion branch over frame differences.
/// </summary>
public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new DetectorTrainingOptions();
        var output = new Option<string>("--out") { Description = "Output path without extension: writes OUT.onnx and OUT.json", Required = true, HelpName = "models/NAME" };
        var adversarialEpsilon = new Option<double>("--adv-eps") { Description = "FGSM adversarial training at this L-inf eps in 8-bit levels (2 = 2/255); 0 = off", DefaultValueFactory = _ => 0, HelpName = "E" };

        var detector = new Command("detector", "Train the AI-media tile detector and export it to ONNX with its model card") { output, adversarialEpsilon };
        foreach (var option in shared.All)
        {
            detector.Add(option);
        }

        detector.SetAction((parse, cancellation) =>
        {
            var (training, sampling) = shared.Read(parse);
            var epsilon = parse.GetValue(adversarialEpsilon);
            if (!(epsilon is >= 0 and <= 255))
            {
                throw new UsageException($"--adv-eps {epsilon}: must lie in 0..255 (8-bit levels; 0 = off)");
            }

            if (epsilon > 0 && training.Net.Frames > 1)
            {
                throw new UsageException($"--frames {training.Net.Frames}: must be 1 with --adv-eps (adversarial training takes one-frame nets)");
            }

            var request = new TrainRequest(parse.GetRequiredValue(shared.Data), parse.GetRequiredValue(output))
            {
                Training = training with { AdversarialEpsilon = epsilon },
                Sampling = sampling,
                Command = string.Join(' ', ["verifier", .. parse.Tokens.Select(t => ShellWord(t.Value))]),
            };
            return RunAsync(context, request, cancellation);
        });
        return new Command("train", "Train models") { detector, GeneratorTrainCommand.Create(context), AdversarialTrainCommand.Create(context), LofoCommand.Create(context) };
    }

    /// <summary>The token as a POSIX shell reads it back: single-quoted when it holds anything but plain word characters.</summary>
    private static string ShellWord(string token) =>
        token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ',' or ':')
            ? token
            : "'" + token.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<int> RunAsync(CliContext context, TrainRequest request, CancellationToken cancellation)
    {
        var report = await TrainingRun.RunAsync(
            context, request.ModelPath, progress => DetectorTraining.RunAsync(request, progress, cancellation), r => r.Skipped).ConfigureAwait(false);
        if (report is null)
        {
            return ExitCodes.Io;
        }

        var heldOut = string.Join(", ", report.HeldOutFamilies.Select(f => $"{f.Family} [{(f.IsAi ? "ai" : "real")}, {f.Items}]"));
        context.Output.WriteLine($"Trained on {report.TrainTiles} tiles; held out {report.ValidationTiles} tiles of: {heldOut}");
        context.Output.WriteLine($"Held-out tiles: AUC {report.ValidationAuc:0.000}, TPR at 1% FPR {report.ValidationTprAt1PctFpr:0.000}; " +
            $"temperature {report.Card.Calibration.Temperature:0.###}; ONNX parity max |diff| {report.ParityMaxDifference:0.0e+0}");
        context.Output.WriteLine($"Wrote {Printable.Clean(report.ModelPath)} and its card {Printable.Clean(Path.ChangeExtension(report.ModelPath, ".json"))}");
        return ExitCodes.Trusted;
    }
}
