using System.Text.Json.Serialization;

namespace Verifier.Detector.Training.Net;

/// <summary>
/// The size of a <see cref="DetectorNet"/>. The defaults give about 2 M parameters on 128x128 tiles
/// (detection.md §4); <see cref="Tiny"/> gives a net of a few hundred parameters for tests.
/// </summary>
public sealed record DetectorNetOptions
{
    /// <summary>The most frames per sample a net takes (a sample is T tiles; more mostly costs memory).</summary>
    public const int MaxFrames = 16;

    /// <summary>Square tile side the net takes (the card's tileSize): a multiple of 8 and of 2^stages.</summary>
    public int TileSize { get; init; } = 128;

    /// <summary>Channels of each stride-2 stage of the spatial branch.</summary>
    public IReadOnlyList<int> StageWidths { get; init; } = [32, 64, 128, 192, 256];

    /// <summary>Convolutions per stage (the first of each halves the resolution).</summary>
    public int ConvsPerStage { get; init; } = 2;

    /// <summary>Features the frequency branch hands to the head.</summary>
    public int SpectrumWidth { get; init; } = 64;

    /// <summary>Hidden units of the fusion head.</summary>
    public int HeadWidth { get; init; } = 128;

    /// <summary>
    /// Consecutive frames per sample (the card's framesPerSample). 1 is the one-frame net (NCHW input); above 1 the net
    /// takes [N, 3, T, tile, tile] (NCTHW), runs the spatial and frequency branches on every frame, averages them over
    /// time, and adds the motion branch over frame differences.
    /// </summary>
    [JsonIgnore]
    public int Frames { get; init; } = 1;

    /// <summary>Channels of each stride-2 stage of the motion branch (used only when <see cref="Frames"/> is above 1).</summary>
    [JsonIgnore]
    public IReadOnlyList<int> MotionWidths { get; init; } = [32, 64, 128];

    /// <summary>
    /// The temporal settings as the checkpoint's settings record them: absent for a one-frame net, so checkpoints written
    /// before the temporal branch existed still match and resume.
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("Temporal")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private string? TemporalSettings => Frames == 1 ? null : $"{Frames} frames, motion stages {string.Join(' ', MotionWidths)}";

    /// <summary>
    /// A pretrained, frozen feature extractor whose pooled features join the head: null (none, the default, left out of
    /// the checkpoint settings) or <see cref="Pretrained.MobileNetV2Backbone.Name"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Backbone { get; init; }

    /// <summary>With a <see cref="Backbone"/>: no artifact or frequency branch, only the head on the frozen features (a probe).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool BackboneOnly { get; init; }

    /// <summary>
    /// True when the trunk is a frozen backbone alone (a probe of one frame): no weight before the head trains, and the
    /// trunk computes the same function in train and eval mode, so its features can be computed once and the head
    /// trained on them.
    /// </summary>
    [JsonIgnore]
    public bool TrunkIsFrozen => BackboneOnly && Frames == 1;

    /// <summary>
    /// The folder of the backbone's pretrained weights (a TensorFlow.js layers model). Not part of the settings (the
    /// same weights may sit anywhere); without it the backbone starts from zeros, as a net about to import an exported model does.
    /// </summary>
    [JsonIgnore]
    public string? BackboneFolder { get; init; }

    public static DetectorNetOptions Tiny(int tileSize = 16, int frames = 1) => new()
    {
        TileSize = tileSize,
        StageWidths = [4, 8],
        ConvsPerStage = 1,
        SpectrumWidth = 4,
        HeadWidth = 8,
        Frames = frames,
        MotionWidths = [4, 8],
    };

    /// <summary>The first problem with these options as "field: what is wrong", or null.</summary>
    public string? FindProblem()
    {
        if (StageWidths.Count == 0 || StageWidths.Any(w => w < 1))
        {
            return "StageWidths: needs at least one stage, each at least 1 channel wide";
        }

        var multiple = Math.Max(BlockSpectrum.Block, 1 << StageWidths.Count);
        if (TileSize < multiple || TileSize % multiple != 0)
        {
            return $"TileSize: {TileSize} must be a positive multiple of {multiple} (8 for the spectrum, 2^{StageWidths.Count} for the stages)";
        }

        if (Frames is < 1 or > MaxFrames)
        {
            return $"Frames: {Frames} is outside 1..{MaxFrames}";
        }

        if (Frames > 1 && (MotionWidths.Count == 0 || MotionWidths.Any(w => w < 1) || TileSize % (1 << MotionWidths.Count) != 0))
        {
            return $"MotionWidths: needs at least one stage, each at least 1 channel wide, and a TileSize that is a multiple of 2^{MotionWidths.Count}";
        }

        if (Backbone is not null && Backbone != Pretrained.MobileNetV2Backbone.Name)
        {
            return $"Backbone: '{Backbone}' is not one this toolkit has ({Pretrained.MobileNetV2Backbone.Name})";
        }

        if (Backbone is not null && TileSize % Pretrained.MobileNetV2Backbone.SizeMultiple != 0)
        {
            return $"TileSize: {TileSize} must be a multiple of {Pretrained.MobileNetV2Backbone.SizeMultiple} for the {Backbone} backbone";
        }

        if (BackboneOnly && Backbone is null)
        {
            return "BackboneOnly: needs a Backbone";
        }

        return ConvsPerStage < 1 || SpectrumWidth < 1 || HeadWidth < 1
            ? "ConvsPerStage, SpectrumWidth and HeadWidth: must each be at least 1"
            : null;
    }
}
