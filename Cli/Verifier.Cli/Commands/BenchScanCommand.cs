using System.CommandLine;
using System.Diagnostics;
using Verifier.Cli.Bench;
using Verifier.Cli.Output;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench scan [FILE...] [--model M.onnx]</c>: time-to-verdict per file (the whole scan: probe, sampled decode,
/// scoring, provenance and hash), best and median of the runs, with each stage's share and the frames and tiles scored
/// per second. Without files it times the standard pair: a 60 s 1080p H.264 clip and a 12 MP JPEG. Prints; asserts nothing.
/// </summary>
public static class BenchScanCommand
{
    public static Command Create(CliContext context, Option<int> runs)
    {
        var files = new Argument<string[]>("FILE")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Clips or images to time; none: a 60 s 1080p H.264 clip and a 12 MP JPEG made with ffmpeg",
        };
        var model = new Option<string?>("--model") { Description = "Detector model (default: as for scan)", HelpName = "M.onnx" };
        var device = DeviceOption.Create("Where the detector runs (as for scan)");
        var command = new Command("scan", "Scan time-to-verdict and frames/s") { files, model, device, runs };
        command.SetAction(async (parse, cancellation) =>
        {
            var paths = parse.GetValue(files) is { Length: > 0 } given
                ? given
                : [BenchInputs.Clip1080p60s(context.Error), BenchInputs.Photo12Mp(context.Error)];
            foreach (var path in paths.Where(p => !File.Exists(p)))
            {
                throw new UsageException($"{path}: no such file");
            }

            var modelPath = ModelLocation.Find(
                parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory);
            var detectorOptions = new DetectorOptions { Device = DeviceOption.Scoring(parse.GetRequiredValue(device)) };
            using var detector = ScanCommand.AsUsageError(() => DetectorModel.Load(modelPath, detectorOptions));
            var scanner = ScanCommand.AsUsageError(() => new Scanner(detector, tools: null, new ScanOptions()));
            context.Output.WriteLine($"model: {detector.Card.Name} {detector.Card.Version} ({Printable.Clean(modelPath)}), tile {detector.Card.TileSize} px, on {detector.Device}; " +
                                     $"{Environment.ProcessorCount} cores visible (taskset -c 0,1 for a 2-core figure)");
            foreach (var path in paths)
            {
                await TimeAsync(context, scanner, path, Math.Max(1, parse.GetValue(runs)), cancellation).ConfigureAwait(false);
            }

            return ExitCodes.Trusted;
        });
        return command;
    }

    private static async Task TimeAsync(CliContext context, Scanner scanner, string path, int runs, CancellationToken cancellation)
    {
        // One untimed scan first: it loads ffmpeg, the codecs and the model's kernels, which a service pays once.
        var last = (await scanner.ScanAsync(path, cancellation).ConfigureAwait(false)).Report;
        var times = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var cpuBefore = CpuClock.Seconds();
            last = (await scanner.ScanAsync(path, cancellation).ConfigureAwait(false)).Report;
            times.Add(watch.Elapsed.TotalSeconds);
            cpu.Add(CpuClock.Seconds() - cpuBefore);
        }

        times.Sort();
        cpu.Sort();
        var best = times[0];
        var frames = last.Frames.Count;
        var tiles = last.Frames.Sum(f => f.Tiles.Count);
        var media = last.Media;
        var what = last.MediaType == MediaTypes.Video
            ? $"{media.Width}x{media.Height} {media.Codec}, {media.DurationSeconds:F1} s at {media.FramesPerSecond:F0} fps"
            : $"{media.Width}x{media.Height} {media.Codec}";
        context.Output.WriteLine($"{Printable.Clean(path)}: {what}");
        context.Output.WriteLine($"  time to verdict: best {best:F2} s, median {times[times.Count / 2]:F2} s over {runs} runs (verdict {last.Verdict}, p_ai {last.ProbabilityOfAi:F2})");
        context.Output.WriteLine($"  cpu: median {cpu[cpu.Count / 2]:F2} core-s per scan, this process and its ffmpeg children = " +
                                 $"{cpu[cpu.Count / 2] / 2:F2} s on 2 idle cores at best");
        context.Output.WriteLine($"  scored: {frames} frames, {tiles} tiles = {frames / best:F1} frames/s, {tiles / best:F0} tiles/s of wall time");
        context.Output.WriteLine($"  stages (last run, ms; some overlap): {string.Join(", ", last.StagesMs.Select(s => $"{s.Key} {s.Value:F0}"))}");
    }
}
