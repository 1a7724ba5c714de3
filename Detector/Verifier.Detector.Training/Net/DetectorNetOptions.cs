namespace Verifier.Detector.Training.Net;

/// <summary>
/// The size of a <see cref="DetectorNet"/>. The defaults give about 2 M parameters on 128x128 tiles
/// (detection.md §4); <see cref="Tiny"/> gives a net of a few hundred parameters for tests.
/// </summary>
public sealed record DetectorNetOptions
{
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

    public static DetectorNetOptions Tiny(int tileSize = 16) => new()
    {
        TileSize = tileSize,
        StageWidths = [4, 8],
        ConvsPerStage = 1,
        SpectrumWidth = 4,
        HeadWidth = 8,
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

        return ConvsPerStage < 1 || SpectrumWidth < 1 || HeadWidth < 1
            ? "ConvsPerStage, SpectrumWidth and HeadWidth: must each be at least 1"
            : null;
    }
}
