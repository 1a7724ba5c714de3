using System.Text.Json.Serialization;

namespace Verifier.Generator;

/// <summary>
/// The generator's sizes: a causal video autoencoder (4x temporal, 8x spatial) and a diffusion transformer over
/// spacetime patches of its latent. Clips have 1 + 4k frames (the first frame is encoded alone) and sides that are
/// multiples of 8 x <see cref="PatchSize"/>.
/// </summary>
public sealed record GeneratorConfig
{
    public const int TemporalCompression = 4;
    public const int SpatialCompression = 8;

    public string Name { get; init; } = "verifier-gen";

    /// <summary>Channels of the autoencoder's three stages (each halves the side; the first two also halve time).</summary>
    public IReadOnlyList<int> AutoencoderChannels { get; init; } = [32, 64, 128];

    public int LatentChannels { get; init; } = 8;

    /// <summary>Transformer width: a multiple of <see cref="Heads"/>; 3D sin-cos positions use 2 x (width / 6) dims per axis.</summary>
    public int Width { get; init; } = 192;

    public int Depth { get; init; } = 6;

    public int Heads { get; init; } = 6;

    public int MlpRatio { get; init; } = 4;

    /// <summary>Latent frames per patch.</summary>
    public int PatchFrames { get; init; } = 1;

    /// <summary>Latent pixels per patch side.</summary>
    public int PatchSize { get; init; } = 2;

    /// <summary>Class labels the transformer knows (index <see cref="Classes"/> is the null label for guidance).</summary>
    public int Classes { get; init; } = 8;

    /// <summary>The clip shape it is trained on.</summary>
    public int Frames { get; init; } = 17;

    public int Size { get; init; } = 64;

    /// <summary>A configuration small enough for tests and smoke runs (seconds on a CPU).</summary>
    public static GeneratorConfig Tiny { get; } = new()
    {
        Name = "verifier-gen-tiny", AutoencoderChannels = [8, 8, 8], LatentChannels = 4, Width = 48, Depth = 2, Heads = 4,
        MlpRatio = 2, Classes = 4, Frames = 5, Size = 32,
    };

    [JsonIgnore]
    public int SideMultiple => SpatialCompression * PatchSize;

    /// <summary>Null when the sizes fit together, else what is wrong.</summary>
    public string? FindProblem()
    {
        if (AutoencoderChannels.Count != 3 || AutoencoderChannels.Any(c => c < 1))
        {
            return "the autoencoder needs three positive stage widths";
        }

        if (AutoencoderChannels.Any(c => c % Math.Min(8, c) != 0))
        {
            return "each autoencoder width must be a multiple of 8 (or below 8)";
        }

        if (LatentChannels < 1 || Depth < 1 || Heads < 1 || MlpRatio < 1 || PatchFrames < 1 || PatchSize < 1 || Classes < 0)
        {
            return "sizes must be positive";
        }

        if (Width % Heads != 0 || Width < 6)
        {
            return $"width {Width} must be at least 6 and a multiple of the {Heads} heads";
        }

        return ClipProblem(Frames, Size);
    }

    /// <summary>Null when a clip of <paramref name="frames"/> x <paramref name="size"/>² fits this model, else why not.</summary>
    public string? ClipProblem(int frames, int size)
    {
        var latentFrames = LatentFrames(frames);
        if (frames < 1 || (frames - 1) % TemporalCompression != 0)
        {
            return $"{frames} frames: a clip needs 1 + {TemporalCompression}k frames (1, 5, 9, 13, 17, ...)";
        }

        if (latentFrames % PatchFrames != 0)
        {
            return $"{frames} frames give {latentFrames} latent frames, not a multiple of the patch's {PatchFrames}";
        }

        return size < SideMultiple || size % SideMultiple != 0
            ? $"size {size}: the side must be a positive multiple of {SideMultiple}"
            : null;
    }

    public static int LatentFrames(int frames) => 1 + ((frames - 1) / TemporalCompression);
}
