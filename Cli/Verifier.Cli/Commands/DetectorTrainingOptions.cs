using System.CommandLine;
using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Net.Pretrained;
using Verifier.Detector.Training.Training;

namespace Verifier.Cli.Commands;

/// <summary>
/// The options `train detector` and `train lofo` share (corpora, device, net, tiles, epochs, seed, frames, family head),
/// declared once and read into the trainer's options, so the two commands cannot drift apart.
/// </summary>
internal sealed class DetectorTrainingOptions
{
    // Off: on ../shared/data the head did not help the held-out AUC (README, "Training the detector"); measure before changing it.
    private const double DefaultFamilyWeight = 0;

    public Option<string[]> Data { get; } = new("--data") { Description = "Corpus folder (MANIFEST.tsv, or real/ and ai/ subfolders); repeatable", Required = true, AllowMultipleArgumentsPerToken = true, HelpName = "DIR" };

    public Option<string> Device { get; } = DeviceOption.Create("Where to train");

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Passes over the training tiles", DefaultValueFactory = _ => 10, HelpName = "N" };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seeds the weights, split, tiles and batch order", DefaultValueFactory = _ => 1, HelpName = "S" };

    public Option<string> Net { get; } = CreateNetOption();

    public Option<int> TileSize { get; } = new("--tile-size") { Description = "Tile side in pixels (a multiple of 32 for the default net, of 8 for tiny)", DefaultValueFactory = _ => 128, HelpName = "PIXELS" };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Tiles per optimisation step", DefaultValueFactory = _ => 32, HelpName = "N" };

    public Option<int> TilesPerImage { get; } = new("--tiles-per-image") { Description = "Tiles cut from each image (clips: 2 from each of 8 frames)", DefaultValueFactory = _ => 8, HelpName = "N" };

    public Option<int> Frames { get; } = new("--frames") { Description = $"Consecutive frames per sample: 1 = one-frame net; 2..{DetectorNetOptions.MaxFrames} adds the temporal branch over frame differences (NCTHW)", DefaultValueFactory = _ => 1, HelpName = "T" };

    public Option<double> FamilyWeight { get; } = new("--family-weight") { Description = "Weight of the training-only generator-family head's cross-entropy in the loss; 0 = no head", DefaultValueFactory = _ => DefaultFamilyWeight, HelpName = "W" };

    public Option<string> Backbone { get; } = CreateBackboneOption();

    public IEnumerable<Option> All => [Data, Device, Epochs, Seed, Net, Backbone, TileSize, BatchSize, TilesPerImage, Frames, FamilyWeight];

    /// <summary>The options as the trainer takes them; a value out of range is a <see cref="UsageException"/> naming the option.</summary>
    public (TrainingOptions Training, TileSampling Sampling) Read(ParseResult parse)
    {
        var (epochs, batch, tile, perImage) = (parse.GetValue(Epochs), parse.GetValue(BatchSize), parse.GetValue(TileSize), parse.GetValue(TilesPerImage));
        if (epochs < 1 || batch < 2 || perImage < 1)
        {
            throw new UsageException("--epochs and --tiles-per-image must be at least 1, --batch-size at least 2");
        }

        var headWeight = parse.GetValue(FamilyWeight);
        if (!(headWeight is >= 0 and <= 100))
        {
            throw new UsageException($"--family-weight {headWeight}: must lie in 0..100 (0 = no family head)");
        }

        var frames = parse.GetValue(Frames);
        if (frames is < 1 or > DetectorNetOptions.MaxFrames)
        {
            throw new UsageException($"--frames {frames}: must lie in 1..{DetectorNetOptions.MaxFrames}");
        }

        var size = parse.GetValue(Net);
        var asked = parse.GetValue(Backbone) is "none" ? null : parse.GetValue(Backbone);
        if (size == "probe" && asked is null && parse.GetResult(Backbone) is { Implicit: false })
        {
            throw new UsageException("--net probe trains a head on a pretrained backbone; --backbone none leaves it nothing to read");
        }

        // A probe reads the one backbone there is unless another is named.
        var backbone = asked ?? (size == "probe" ? MobileNetV2Backbone.Name : null);
        var net = (size == "tiny" ? DetectorNetOptions.Tiny(tile) : new DetectorNetOptions { TileSize = tile }) with
        {
            Frames = frames,
            Backbone = backbone,
            BackboneOnly = size == "probe",
            BackboneFolder = backbone is null ? null : BackboneLocation.Find(),
        };
        if (net.FindProblem() is { } problem)
        {
            throw new UsageException($"--tile-size {tile}, --backbone {net.Backbone ?? "none"}: {problem}");
        }

        var training = new TrainingOptions
        {
            Epochs = epochs, BatchSize = batch, Seed = parse.GetValue(Seed), Device = parse.GetRequiredValue(Device), Net = net, FamilyWeight = headWeight,
        };
        return (training, new TileSampling(TilesPerImage: perImage));
    }

    private static Option<string> CreateNetOption()
    {
        var net = new Option<string>("--net")
        {
            Description = "Net: default (~2 M parameters), tiny (tests, smoke runs) or probe (only a head on the pretrained backbone's features)",
            DefaultValueFactory = _ => "default",
            HelpName = "default|tiny|probe",
        };
        net.AcceptOnlyFromAmong("default", "tiny", "probe");
        return net;
    }

    private static Option<string> CreateBackboneOption()
    {
        var backbone = new Option<string>("--backbone")
        {
            Description = $"A frozen ImageNet-pretrained feature extractor beside the trained branches (models/backbones/{MobileNetV2Backbone.Name}); --net probe uses it alone",
            DefaultValueFactory = _ => "none",
            HelpName = $"none|{MobileNetV2Backbone.Name}",
        };
        backbone.AcceptOnlyFromAmong("none", MobileNetV2Backbone.Name);
        return backbone;
    }
}
