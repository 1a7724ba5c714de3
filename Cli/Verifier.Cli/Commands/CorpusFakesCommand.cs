using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Data.Fakes;
using Verifier.Generator;
using Verifier.Generator.Generation;
using Verifier.Media;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier corpus fakes --data DIR... --out DIR [--kinds upsample,reconstruct] [--generator DIR] [--per-item N] [--seed S]
/// [--threads N]</c>: AI-labelled fakes of every real item (upsampler passes; the generator's reconstruction) with
/// OUT/MANIFEST.tsv. Exit 0 all made, 2 some originals skipped (each named), 64 usage, 74 I/O.
/// </summary>
public static class CorpusFakesCommand
{
    private static readonly string[] KnownKinds = [UpsampleFakes.KindName, ReconstructionFakes.KindName];

    public static Command Create(CliContext context)
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); repeatable", Required = true, AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Folder for the fakes and their MANIFEST.tsv", Required = true, HelpName = "DIR" };
        var kinds = new Option<string>("--kinds") { Description = "Comma-separated: upsample (down and up again, 4 kernels), reconstruct (the generator's autoencoder)", DefaultValueFactory = _ => UpsampleFakes.KindName, HelpName = "KINDS" };
        var generator = new Option<string?>("--generator") { Description = $"Generator model folder for reconstruct (default ${ModelLocation.GeneratorEnvironmentVariable}, then {ModelLocation.GeneratorDefaultRelative} beside the executable)", HelpName = "DIR" };
        var perItem = new Option<int>("--per-item") { Description = "Upsampled fakes per real item (reconstruct makes one)", DefaultValueFactory = _ => 1, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seeds every random choice (same seed, same bytes)", DefaultValueFactory = _ => 1, HelpName = "S" };
        var threads = new Option<int>("--threads") { Description = "Items made at once (each one ffmpeg thread; TorchSharp gets as many)", DefaultValueFactory = _ => Environment.ProcessorCount, HelpName = "N" };

        var command = new Command("fakes", "Make AI-labelled fakes of the real items of corpora: upsampler pseudo-fakes and aligned fakes")
        {
            data, output, kinds, generator, perItem, seed, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            var kindList = parse.GetRequiredValue(kinds).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
            if (kindList.Length == 0 || kindList.FirstOrDefault(k => !KnownKinds.Contains(k)) is { } unknown)
            {
                throw new UsageException($"--kinds {parse.GetValue(kinds)}: each must be one of {string.Join(", ", KnownKinds)}");
            }

            if (parse.GetValue(perItem) < 1 || parse.GetValue(threads) < 1)
            {
                throw new UsageException("--per-item and --threads must be at least 1");
            }

            var generatorFolder = kindList.Contains(ReconstructionFakes.KindName)
                ? ModelLocation.FindGenerator(parse.GetValue(generator), "--generator", Environment.GetEnvironmentVariable(ModelLocation.GeneratorEnvironmentVariable), AppContext.BaseDirectory)
                : null;
            return RunAsync(context, parse.GetRequiredValue(data), parse.GetRequiredValue(output), kindList, generatorFolder,
                parse.GetValue(perItem), parse.GetValue(seed), parse.GetValue(threads), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, string[] data, string output, string[] kinds, string? generatorFolder, int perItem, int seed, int threads, CancellationToken cancellation)
    {
        // A whole clip goes through one ffmpeg run, and the checkerboard kernel evaluates an expression per pixel
        // (about 2 s per 720p frame on a busy core): the 2-minute default would stop long clips.
        var tools = Usage(() => FfmpegTools.Locate(timeout: TimeSpan.FromMinutes(30)));
        GeneratorModel? model = null;
        try
        {
            var makers = new List<IFakeMaker>();
            foreach (var kind in kinds)
            {
                if (kind == UpsampleFakes.KindName)
                {
                    makers.Add(new UpsampleFakes(tools, new UpsampleChoices()));
                    continue;
                }

                (model, _) = Usage(() => GeneratorModel.Load(generatorFolder!));
                TorchSharp.torch.set_num_threads(threads);
                makers.Add(new ReconstructionFakes(new VideoGenerator(model, TorchSharp.torch.CPU), tools));
            }

            var request = new FakeCorpusRequest(data, output, makers) { PerItem = perItem, Seed = seed, Threads = threads };
            var report = await FakeCorpus.WriteAsync(request, line => context.Error.WriteLine($"verifier: {Printable.Clean(line)}"), cancellation).ConfigureAwait(false);
            foreach (var family in report.Fakes.GroupBy(f => f.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                context.Output.WriteLine($"{Printable.Clean(family.Key)}: {family.Count()} items");
            }

            context.Output.WriteLine($"Wrote {report.Fakes.Count} fakes of {report.Originals} real items ({report.Bytes / 1e6:0.0} MB) " +
                $"in {report.Elapsed.TotalSeconds:0.0} s to {Printable.Clean(report.ManifestPath)}; skipped {report.Skipped.Count}");
            foreach (var skip in report.Skipped)
            {
                context.Error.WriteLine($"verifier: skipped {Printable.Clean(skip.Path)}: {Printable.Clean(skip.Reason)}");
            }

            return report.Skipped.Count == 0 ? ExitCodes.Trusted : ExitCodes.Refused;
        }
        catch (CorpusException e)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"verifier: I/O error: {e.Message}");
            return ExitCodes.Io;
        }
        finally
        {
            model?.Dispose();
        }
    }

    /// <summary>Runs <paramref name="action"/>, turning the model's and ffmpeg's "cannot use it" exceptions into usage errors (64).</summary>
    private static T Usage<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or MediaException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException(e.Message);
        }
    }
}
