using System.CommandLine;
using System.Diagnostics;
using Verifier.Cli.Output;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Generator;
using Verifier.Media;
using Verifier.Provenance;
using Verifier.Provenance.Certificates;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier demo [-o DIR] [--generator DIR] [--model M.onnx] [--seed S] [--threads N]</c>: the whole story on one
/// clip, each step printed as it happens: generate it with the shipped generator weights, sign it (the TEST ONLY
/// development key), verify it with the Reader against that key's root, scan it with the shipped detector, and write
/// DIR/report.html. Everything it needs (ffmpeg, both models) is checked before the first step. Exit 0 when the clip
/// verified as Trusted and was scanned; 64 when something is missing (named, with how to get it); else the step's code.
/// </summary>
public static class DemoCommand
{
    public const string DefaultOutput = "demo-output";
    public const string ReportName = "report.html";
    private const int Steps = 5;

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the clip and report.html", DefaultValueFactory = _ => DefaultOutput, HelpName = "DIR" };
        var generator = new Option<string?>("--generator")
        {
            Description = $"Generator weights folder; default ${ModelLocation.GeneratorEnvironmentVariable}, then {ModelLocation.GeneratorDefaultRelative} beside the executable",
            HelpName = "DIR",
        };
        var model = new Option<string?>("--model")
        {
            Description = $"Detector model; default ${ModelLocation.EnvironmentVariable}, then {ModelLocation.DefaultRelative} beside the executable",
            HelpName = "M.onnx",
        };
        var seed = new Option<long>("--seed") { Description = "Seed of the generated clip", DefaultValueFactory = _ => 1, HelpName = "S" };
        var threads = TorchThreads.Option();
        var command = new Command("demo", "Generate a clip, sign it, verify it, scan it and write DIR/report.html, step by step")
        {
            output, generator, model, seed, threads,
        };
        command.SetAction((parse, cancellation) =>
        {
            var demo = new Demo(
                Path.GetFullPath(parse.GetRequiredValue(output)),
                ModelLocation.FindGenerator(parse.GetValue(generator), "--generator",
                    Environment.GetEnvironmentVariable(ModelLocation.GeneratorEnvironmentVariable), AppContext.BaseDirectory),
                ModelLocation.Find(parse.GetValue(model), Environment.GetEnvironmentVariable(ModelLocation.EnvironmentVariable), AppContext.BaseDirectory),
                parse.GetValue(seed),
                // One thread by default: the shipped model is small, and libtorch's threads spin-wait on a busy machine.
                parse.GetValue(threads) ?? 1);
            return RunAsync(context, demo, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Demo demo, CancellationToken cancellation)
    {
        var tools = Usage(() => FfmpegTools.Locate());
        var card = Usage(() => GeneratorCard.Read(demo.Generator));
        var total = Stopwatch.StartNew();
        var say = context.Output;
        say.WriteLine($"Verifier demo: one generated clip, signed, verified and scanned, in {Printable.Clean(demo.Output)}");

        // 1 + 2: generate signs every clip it writes, so the two steps are one command.
        var keys = DevelopmentKeys.Folder;
        var root = Path.Combine(keys, DevelopmentPkiFiles.Root);
        var keysExisted = File.Exists(Path.Combine(keys, DevelopmentPkiFiles.Chain));
        Step(say, 1, $"generating a {card.Config.Frames}-frame {card.Config.Size}x{card.Config.Size} clip (seed {demo.Seed}) with {Printable.Clean(demo.Generator)} " +
            $"({card.Config.Name}, trained {card.AutoencoderSteps} autoencoder + {card.TransformerSteps} transformer steps)");
        var clock = Stopwatch.StartNew();
        var generated = new CliApp(context).Run(
            ["generate", "-o", demo.Output, "--model", demo.Generator, "--seed", demo.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--device", "cpu", "--threads", demo.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (generated != ExitCodes.Trusted)
        {
            context.Error.WriteLine("verifier: demo stopped: the clip could not be generated (above)");
            return generated;
        }

        var clip = Path.Combine(demo.Output, GenerateCommand.ClipName(null, "generate", demo.Seed));
        Step(say, 2, $"signed as it was written ({clock.Elapsed.TotalSeconds:0.0} s for steps 1-2): c2pa.created, trainedAlgorithmicMedia, " +
            $"with the TEST ONLY development key in {Printable.Clean(keys)}" +
            (keysExisted ? " (made on an earlier first use)" : " (made now, on first use)") + "; pass --cert/--key to 'verifier generate' to sign with your own");

        Step(say, 3, $"verifying {Printable.Clean(clip)} with Verifier's Reader against the development root {Printable.Clean(root)}");
        var validation = context.Validate(clip, new VerifyOptions { Trust = TrustSettingsLoader.FromPemFiles(root) });
        var signer = validation.Manifests.Count > 0 ? validation.Manifests[^1].Signer : null;
        say.WriteLine($"  state: {validation.State}");
        say.WriteLine($"  signer: {Printable.Clean(signer?.CommonName ?? "(none)")}{(signer?.Issuer is { } issuer ? $", issued by {Printable.Clean(issuer)}" : "")}");
        say.WriteLine($"  digitalSourceType: {string.Join(", ", validation.DigitalSourceTypes.Select(Printable.Clean).DefaultIfEmpty("(none)"))}");
        if (validation.State != ValidationState.Trusted)
        {
            context.Error.WriteLine($"verifier: demo stopped: the clip verified as {validation.State}, not Trusted " +
                $"({string.Join(", ", validation.Codes(StatusKind.Failure).DefaultIfEmpty(validation.Error ?? "no failure code"))})");
            return ExitCodes.For(validation.State);
        }

        Step(say, 4, $"scanning it with the detector {Printable.Clean(demo.Detector)}");
        ScanOutcome outcome;
        using (var detector = ScanCommand.AsUsageError(() => DetectorModel.Load(demo.Detector)))
        {
            var scanner = ScanCommand.AsUsageError(() => new Scanner(detector, tools, new ScanOptions { Trust = TrustSettingsLoader.FromPemFiles(root) }));
            try
            {
                outcome = await scanner.ScanAsync(clip, cancellation).ConfigureAwait(false);
            }
            catch (ScanException e)
            {
                context.Error.WriteLine($"verifier: demo stopped: cannot scan {Printable.Clean(e.Message)}");
                return ScanCommand.SomeNotScanned;
            }
        }

        var report = outcome.Report;
        var words = ScanWording.Verdict(report.Verdict);
        say.WriteLine($"  p_ai {report.ProbabilityOfAi:0.00}, verdict {report.Verdict}{(words == report.Verdict ? "" : $" ({words})")}, model {Printable.Clean(report.Model.Name)}");
        say.WriteLine($"  provenance: {ScanWording.Provenance(report.Provenance)}");
        say.WriteLine("  p_ai is the detector's score alone; the Content Credentials are separate evidence, reported beside it, never mixed into it");

        var page = HtmlReportFiles.For(Path.Combine(demo.Output, ReportName), 1).Write(outcome);
        Step(say, 5, $"wrote the HTML report {Printable.Clean(page)}; open it in a browser");
        say.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.0} s: {Printable.Clean(clip)} and {Printable.Clean(page)}");
        return ExitCodes.Trusted;
    }

    private static void Step(TextWriter say, int step, string what) => say.WriteLine($"[{step}/{Steps}] {what}");

    // Missing tools and unusable model files are the user's to fix: exit 64 with what is missing and how to get it.
    private static T Usage<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is MediaException or InvalidDataException)
        {
            throw new UsageException(e.Message);
        }
    }

    private sealed record Demo(string Output, string Generator, string Detector, long Seed, int Threads);
}
