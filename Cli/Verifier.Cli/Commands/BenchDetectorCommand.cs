using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Detector.Training.Benchmark;
using Verifier.Detector.Training.Robustness;
using Verifier.Detector.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench detector [--model M.onnx] [--device cpu|cuda] [--batch N] [--seconds S]</c>: the detector model's
/// own throughput, decoding excluded: ONNX Runtime on the CPU (what scan uses) and the TorchSharp twin of the same weights
/// on the chosen device (fp32, and bf16 on CUDA), as tiles/s and frames/s at the scan's most tiles per frame. Prints;
/// asserts nothing.
/// </summary>
public static class BenchDetectorCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "Detector model (default: as for scan)", HelpName = "M.onnx" };
        var device = new Option<string>("--device") { Description = "Where the TorchSharp twin runs", DefaultValueFactory = _ => "cpu", HelpName = "cpu|cuda" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var batch = new Option<int>("--batch") { Description = "Tiles per batch", DefaultValueFactory = _ => 256, HelpName = "N" };
        var seconds = new Option<double>("--seconds") { Description = "Timed seconds per engine", DefaultValueFactory = _ => 3, HelpName = "S" };
        var threads = TorchThreads.Option();
        var command = new Command("detector", "Detector model throughput (tiles/s, frames/s), ONNX Runtime and the TorchSharp twin") { model, device, batch, seconds, threads };
        command.SetAction(parse =>
        {
            var (batchSize, duration) = (parse.GetValue(batch), parse.GetValue(seconds));
            if (batchSize < 1 || duration <= 0)
            {
                throw new UsageException("--batch must be at least 1 and --seconds above 0");
            }

            TorchThreads.Apply(parse.GetValue(threads));
            var torchDevice = TorchDeviceChoice.Resolve(parse.GetRequiredValue(device));

            var modelPath = ModelLocation.Find(
                parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory);
            var tilesPerFrame = new ScanOptions().MaxTilesPerFrame;
            var time = TimeSpan.FromSeconds(duration);
            using var onnx = ScanCommand.AsUsageError(() => DetectorModel.Load(modelPath, new DetectorOptions { Device = ScoringDevice.Cpu }));
            using var twin = LoadTwin(modelPath);
            context.Output.WriteLine($"model: {onnx.Card.Name} {onnx.Card.Version} ({Printable.Clean(modelPath)}), tile {onnx.Card.TileSize} px, batch {batchSize}; " +
                                     $"frames/s at {tilesPerFrame} tiles a frame (the scan's most); decoding not included");
            context.Output.WriteLine("| engine | tiles/s | frames/s |");
            context.Output.WriteLine("|---|---|---|");
            var results = new List<DetectorThroughputResult> { DetectorThroughput.OnnxRuntime(onnx, batchSize, time) };
            results.Add(DetectorThroughput.Twin(twin, torchDevice, ScalarType.Float32, batchSize, time));
            if (torchDevice.type == DeviceType.CUDA)
            {
                results.Add(DetectorThroughput.Twin(twin, torchDevice, ScalarType.BFloat16, batchSize, time));
            }

            foreach (var r in results)
            {
                context.Output.WriteLine($"| {r.Engine} | {r.TilesPerSecond:N0} | {r.FramesPerSecond(tilesPerFrame):N0} |");
            }

            return ExitCodes.Trusted;
        });
        return command;
    }

    private static DetectorTwin LoadTwin(string modelPath)
    {
        try
        {
            return DetectorTwin.Load(modelPath);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"cannot build the TorchSharp twin of the detector model: {e.Message}");
        }
    }
}
