using System.CommandLine;
using System.Diagnostics;
using TorchSharp;
using Verifier.Cli.Output;
using Verifier.Detector.Training.Training;
using Verifier.Generator;
using Verifier.Generator.Diffusion;
using Verifier.Generator.Generation;
using Verifier.Generator.Output;
using Verifier.Media;
using Verifier.Provenance.Keys;
using Verifier.Provenance.Signing;
using static TorchSharp.torch;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier generate -o DIR [--count N] [--frames F] [--size S] [--seed S] [--steps K] [--first-frame IMG]
/// [--mode generate|reconstruct|regenerate --input REAL [--strength s]] [--device ...] [--model DIR] [--cert CHAIN --key KEY]</c>:
/// H.264 MP4s, each signed (trainedAlgorithmicMedia, the generator, the seed and the mode in the manifest) with the
/// user's key or else the TEST ONLY development key, which the output names. Exit 0, 64 usage, 70 internal, 74 I/O.
/// </summary>
public static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the clips", Required = true, HelpName = "DIR" };
        var count = new Option<int>("--count") { Description = "Clips to make (seeds S, S+1, ...)", DefaultValueFactory = _ => 1, HelpName = "N" };
        var frames = new Option<int?>("--frames") { Description = "Frames per clip, 1 + 4k (default: the model's)", HelpName = "F" };
        var size = new Option<int?>("--size") { Description = "Side in pixels, a multiple of 16 (default: the model's)", HelpName = "S" };
        var seed = new Option<long>("--seed") { Description = "Seed of the first clip", DefaultValueFactory = _ => 1, HelpName = "S" };
        var steps = new Option<int>("--steps") { Description = "Sampler steps", DefaultValueFactory = _ => 25, HelpName = "K" };
        var sampler = new Option<string>("--sampler") { Description = "ODE solver", DefaultValueFactory = _ => "heun", HelpName = "euler|heun" };
        sampler.AcceptOnlyFromAmong("euler", "heun");
        var label = new Option<int?>("--class") { Description = "Class label to generate (default: none)", HelpName = "N" };
        var guidance = new Option<double>("--cfg") { Description = "Classifier-free guidance scale (with --class)", DefaultValueFactory = _ => 1.0, HelpName = "SCALE" };
        var firstFrame = new Option<string?>("--first-frame") { Description = "Image to start every clip from (image-to-video)", HelpName = "IMG" };
        var mode = new Option<string>("--mode") { Description = "generate (from noise), reconstruct (INPUT through the autoencoder), regenerate (INPUT partly noised and denoised)", DefaultValueFactory = _ => "generate", HelpName = "MODE" };
        mode.AcceptOnlyFromAmong("generate", "reconstruct", "regenerate");
        var input = new Option<string?>("--input") { Description = "The real clip for reconstruct and regenerate", HelpName = "REAL" };
        var strength = new Option<double>("--strength") { Description = "regenerate: how far back towards noise, in (0, 1]", DefaultValueFactory = _ => 0.6, HelpName = "s" };
        var device = DeviceOption.Create("Where to run (bf16 on CUDA, fp32 on the CPU)");
        var model = new Option<string?>("--model")
        {
            Description = $"Model folder (generator.json + generator.bin); default ${ModelLocation.GeneratorEnvironmentVariable}, then {ModelLocation.GeneratorDefaultRelative} beside the executable",
            HelpName = "DIR",
        };
        var fps = new Option<double>("--fps") { Description = "Frame rate of the MP4", DefaultValueFactory = _ => 8, HelpName = "FPS" };
        var threads = TorchThreads.Option();
        var cert = new Option<string?>("--cert") { Description = "PEM certificate chain, signer first (default: the development key)", HelpName = "CHAIN.pem" };
        var key = new Option<string?>("--key") { Description = "Private key (default: the TEST ONLY development key, made on first use)", HelpName = "KEY" };

        var command = new Command("generate", "Generate video clips, each signed as trainedAlgorithmicMedia")
        {
            output, count, frames, size, seed, steps, sampler, label, guidance, firstFrame, mode, input, strength, device, model, fps, threads, cert, key,
        };
        command.SetAction((parse, cancellation) =>
        {
            var request = new Request(
                parse.GetRequiredValue(output), parse.GetValue(count), parse.GetValue(frames), parse.GetValue(size), parse.GetValue(seed),
                new SamplingOptions
                {
                    Steps = parse.GetValue(steps), Sampler = parse.GetValue(sampler) == "euler" ? SamplerKind.Euler : SamplerKind.Heun,
                    Label = parse.GetValue(label), GuidanceScale = parse.GetValue(guidance),
                },
                parse.GetValue(firstFrame), parse.GetRequiredValue(mode), parse.GetValue(input), parse.GetValue(strength),
                parse.GetRequiredValue(device),
                ModelLocation.FindGenerator(parse.GetValue(model), "--model", Environment.GetEnvironmentVariable(ModelLocation.GeneratorEnvironmentVariable), AppContext.BaseDirectory),
                parse.GetValue(fps));
            request.Check();
            TorchThreads.Apply(parse.GetValue(threads));
            return RunAsync(context, request, parse.GetValue(cert), parse.GetValue(key), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Request request, string? certPath, string? keyPath, CancellationToken cancellation)
    {
        var torchDevice = TorchDeviceChoice.Resolve(request.Device);
        var (loaded, card) = Usage(() => GeneratorModel.Load(request.ModelFolder));
        using var model = loaded;
        model.to(Precision.For(torchDevice)).to(torchDevice);
        var (frames, size) = (request.Frames ?? card.Config.Frames, request.Size ?? card.Config.Size);
        if (card.Config.ClipProblem(frames, size) is { } problem)
        {
            throw new UsageException($"--frames {frames} --size {size}: {problem}");
        }

        if (request.Sampling.Label is { } label && (label < 0 || label >= card.Config.Classes))
        {
            throw new UsageException($"--class {label}: the model knows classes 0..{card.Config.Classes - 1}");
        }

        if (card.AutoencoderSteps == 0 || (request.Mode != "reconstruct" && card.TransformerSteps == 0))
        {
            context.Error.WriteLine($"verifier: warning: {Printable.Clean(request.ModelFolder)} is not fully trained " +
                $"(autoencoder {card.AutoencoderSteps} steps, transformer {card.TransformerSteps}): its clips will look like noise");
        }

        Tensor? conditioning;
        try
        {
            conditioning = await ReadInputAsync(request, frames, size, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MediaException or ArgumentException)
        {
            throw new UsageException(e.Message);
        }

        using var disposeConditioning = conditioning;

        // Keys last: a development key is only made once everything else about the run is known to be usable.
        IClaimSigner signer;
        bool? developmentKeys = null;
        if (keyPath is null && certPath is null)
        {
            (signer, var created) = DevelopmentKeys.LoadOrCreate();
            developmentKeys = created;
        }
        else
        {
            signer = SignCommand.LoadSigner(certPath, keyPath, null, null, null);
        }

        var generator = new VideoGenerator(model, torchDevice);
        var writer = new GeneratedClipWriter(signer, new MediaThumbnails(m => context.Error.WriteLine($"verifier: warning: {m}")));

        try
        {
            Directory.CreateDirectory(request.Output);
            for (var i = 0; i < request.Count; i++)
            {
                var clock = Stopwatch.StartNew();
                var clipSeed = request.Seed + i;
                using var video = request.Mode switch
                {
                    "reconstruct" => generator.Reconstruct(conditioning!),
                    "regenerate" => generator.Regenerate(conditioning!, request.Strength, clipSeed, request.Sampling),
                    _ => generator.Generate(frames, size, clipSeed, request.Sampling, conditioning),
                };
                var record = Record(request, card, clipSeed, (int)video.shape[1], size);
                var source = request.Input ?? request.FirstFrame;
                var name = ClipName(source, request.Mode, clipSeed);
                var result = await writer.WriteAsync(VideoTensors.ToFrames(video, request.FramesPerSecond), request.FramesPerSecond,
                    Path.Combine(request.Output, name), record, cancellation).ConfigureAwait(false);
                context.Output.WriteLine($"wrote {Printable.Clean(result.OutputPath)} ({request.Mode}, seed {clipSeed}, {record.Frames} frames {size}x{size}, " +
                    $"{clock.Elapsed.TotalSeconds:0.0} s): signed, manifest {result.ManifestLabel}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"verifier: I/O error: {e.Message}");
            return ExitCodes.Io;
        }

        context.Output.WriteLine(developmentKeys is { } made
            ? $"Signed with the TEST ONLY development key in {Printable.Clean(DevelopmentKeys.Folder)}{(made ? " (made now)" : "")}; " +
              $"verify with --trust {Printable.Clean(Path.Combine(DevelopmentKeys.Folder, DevelopmentPkiFiles.Root))}. Pass --cert/--key to sign with your own."
            : "Signed with the key given by --key.");
        return ExitCodes.Trusted;
    }

    /// <summary>The file name of a clip: the mode and seed, after the input's or first frame's name when there is one.</summary>
    public static string ClipName(string? source, string mode, long seed) =>
        source is null ? $"{mode}-{seed}.mp4" : $"{Path.GetFileNameWithoutExtension(source)}-{mode}-{seed}.mp4";

    /// <summary>The real clip (reconstruct, regenerate) or first frame (generate) the mode needs, or null.</summary>
    private static async Task<Tensor?> ReadInputAsync(Request request, int frames, int size, CancellationToken cancellation) =>
        request.Input is { } real ? await InputMedia.ReadClipAsync(real, frames, size, cancellation).ConfigureAwait(false)
        : request.FirstFrame is { } image ? InputMedia.ReadImage(image, size)
        : null;

    private static GenerationRecord Record(Request request, GeneratorCard card, long seed, int frames, int size) =>
        new(GeneratedClipWriter.Software.Name, GeneratedClipWriter.Software.Version ?? "0", card.Config.Name, request.Mode, seed, frames, size)
        {
            Sampler = request.Mode == "reconstruct" ? null : request.Sampling.Sampler.ToString().ToLowerInvariant(),
            Steps = request.Mode == "reconstruct" ? null : request.Sampling.Steps,
            GuidanceScale = request.Sampling.Label is null ? null : request.Sampling.GuidanceScale,
            Label = request.Sampling.Label,
            Strength = request.Mode == "regenerate" ? request.Strength : null,
            Input = Path.GetFileName(request.Input ?? request.FirstFrame),
            TrainedSteps = card.AutoencoderSteps + card.TransformerSteps,
        };

    /// <summary>Runs <paramref name="action"/>, turning the model's and media's "bad input" exceptions into usage errors (64).</summary>
    private static T Usage<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or MediaException)
        {
            throw new UsageException(e.Message);
        }
    }

    private sealed record Request(
        string Output, int Count, int? Frames, int? Size, long Seed, SamplingOptions Sampling, string? FirstFrame, string Mode, string? Input,
        double Strength, string Device, string ModelFolder, double FramesPerSecond)
    {
        public void Check()
        {
            if (Count < 1 || Sampling.Steps < 1 || FramesPerSecond <= 0)
            {
                throw new UsageException("--count and --steps must be at least 1, --fps above 0");
            }

            if ((Mode == "generate") != (Input is null))
            {
                throw new UsageException(Mode == "generate" ? "--input goes with --mode reconstruct or regenerate" : $"--mode {Mode} needs --input REAL");
            }

            if (FirstFrame is not null && Mode != "generate")
            {
                throw new UsageException("--first-frame goes with --mode generate");
            }

            if (Strength is <= 0 or > 1)
            {
                throw new UsageException($"--strength {Strength}: must be in (0, 1]");
            }

            foreach (var (file, option) in new[] { (Input, "--input"), (FirstFrame, "--first-frame") })
            {
                if (file is not null && !File.Exists(file))
                {
                    throw new UsageException($"{option} {file}: file not found");
                }
            }
        }
    }
}
