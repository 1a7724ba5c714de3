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
    // Off: on ../shared/data the head did not help the held-out AUC (README, "Training the detector"); measure before changing it.
    private const double DefaultFamilyWeight = 0;

    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); repeatable", Required = true, AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Output path without extension: writes OUT.onnx and OUT.json", Required = true, HelpName = "models/NAME" };
        var device = DeviceOption.Create("Where to train");
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training tiles", DefaultValueFactory = _ => 10, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seeds the weights, split, tiles and batch order", DefaultValueFactory = _ => 1, HelpName = "S" };
        var net = new Option<string>("--net") { Description = "Net size: default (~2 M parameters) or tiny (tests, smoke runs)", DefaultValueFactory = _ => "default", HelpName = "default|tiny" };
        net.AcceptOnlyFromAmong("default", "tiny");
        var tileSize = new Option<int>("--tile-size") { Description = "Tile side in pixels (a multiple of 32 for the default net, of 8 for tiny)", DefaultValueFactory = _ => 128, HelpName = "PIXELS" };
        var batch = new Option<int>("--batch-size") { Description = "Tiles per optimisation step", DefaultValueFactory = _ => 32, HelpName = "N" };
        var adversarialEpsilon = new Option<double>("--adv-eps") { Description = "FGSM adversarial training at this L-inf eps in 8-bit levels (2 = 2/255); 0 = off", DefaultValueFactory = _ => 0, HelpName = "E" };
        var frames = new Option<int>("--frames") { Description = $"Consecutive frames per sample: 1 = one-frame net; 2..{DetectorNetOptions.MaxFrames} adds the temporal branch over frame differences (NCTHW)", DefaultValueFactory = _ => 1, HelpName = "T" };
        var familyWeight = new Option<double>("--family-weight") { Description = "Weight of the training-only generator-family head's cross-entropy in the loss; 0 = no head", DefaultValueFactory = _ => DefaultFamilyWeight, HelpName = "W" };
        var tilesPerImage = new Option<int>("--tiles-per-image") { Description = "Tiles cut from each image (clips: 2 from each of 8 frames)", DefaultValueFactory = _ => 8, HelpName = "N" };

        var detector = new Command("detector", "Train the AI-media tile detector and export it to ONNX with its model card")
        {
            data, output, device, epochs, seed, net, tileSize, batch, tilesPerImage, adversarialEpsilon, frames, familyWeight,
        };
        detector.SetAction((parse, cancellation) =>
        {
            var (epochCount, batchSize, tile, perImage) = (parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(tileSize), parse.GetValue(tilesPerImage));
            if (epochCount < 1 || batchSize < 2 || perImage < 1)
            {
                throw new UsageException("--epochs and --tiles-per-image must be at least 1, --batch-size at least 2");
            }

            var epsilon = parse.GetValue(adversarialEpsilon);
            if (!(epsilon is >= 0 and <= 255))
            {
                throw new UsageException($"--adv-eps {epsilon}: must lie in 0..255 (8-bit levels; 0 = off)");
            }

            var headWeight = parse.GetValue(familyWeight);
            if (!(headWeight is >= 0 and <= 100))
            {
                throw new UsageException($"--family-weight {headWeight}: must lie in 0..100 (0 = no family head)");
            }

            var frameCount = parse.GetValue(frames);
            if (frameCount is < 1 or > DetectorNetOptions.MaxFrames || (frameCount > 1 && epsilon > 0))
            {
                throw new UsageException($"--frames {frameCount}: must lie in 1..{DetectorNetOptions.MaxFrames}, and be 1 with --adv-eps");
            }

            var netOptions = (parse.GetValue(net) == "tiny" ? DetectorNetOptions.Tiny(tile) : new DetectorNetOptions { TileSize = tile }) with { Frames = frameCount };
            if (netOptions.FindProblem() is { } problem)
            {
                throw new UsageException($"--tile-size {tile}: {problem}");
            }

            var request = new TrainRequest(parse.GetRequiredValue(data), parse.GetRequiredValue(output))
            {
                Training = new TrainingOptions
                {
                    Epochs = epochCount, BatchSize = batchSize, Seed = parse.GetValue(seed), Device = parse.GetRequiredValue(device), Net = netOptions,
                    AdversarialEpsilon = epsilon, FamilyWeight = headWeight,
                },
                Sampling = new TileSampling(TilesPerImage: perImage),
            };
            return RunAsync(context, request, cancellation);
        });
        return new Command("train", "Train models") { detector, GeneratorTrainCommand.Create(context), AdversarialTrainCommand.Create(context), LofoCommand.Create(context) };
    }

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
