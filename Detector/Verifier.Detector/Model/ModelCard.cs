using System.Text.Json;

namespace Verifier.Detector.Model;

/// <summary>
/// The JSON card beside a model (<c>detector.onnx</c> + <c>detector.json</c>): what the net expects as input,
/// how its logit is calibrated and turned into a verdict, and what it was trained and evaluated on.
/// Any ONNX model with a valid card can be scanned with.
/// </summary>
public sealed record ModelCard(
    string Name,
    string Version,
    string InputLayout,
    int Channels,
    int TileSize,
    int FramesPerSample,
    Normalisation Normalisation,
    Calibration Calibration,
    DecisionThresholds Thresholds,
    IReadOnlyList<FamilyFigures> TrainingFamilies,
    IReadOnlyList<FamilyFigures> HeldOutFamilies)
{
    /// <summary>Images and single frames: [batch, channels, tile, tile].</summary>
    public const string LayoutNchw = "NCHW";

    /// <summary>Short clips: [batch, channels, frames, tile, tile].</summary>
    public const string LayoutNcthw = "NCTHW";

    // A card is a few kilobytes; the cap keeps a hostile file from being read whole.
    private const int MaxCardBytes = 1 << 20;
    private const int MaxTileSize = 4096;
    private const int MaxFramesPerSample = 256;
    private const int MaxChannels = 16;

    // Each bound above holds alone, yet their product can pass int (SampleLength wrapped to 0: found by fuzzing). 64 M
    // floats (256 MB) per sample is far beyond any real net and keeps a batch of them addressable.
    private const long MaxSampleFloats = 1L << 26;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    private static readonly JsonSerializerOptions WriteOptions = new(JsonOptions) { WriteIndented = true };

    /// <summary>The family head used in training, or null (and absent from the JSON) when none was.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public FamilyHead? FamilyHead { get; init; }

    /// <summary>The training command, backbone and data licences; null (and absent from the JSON) for cards written before it existed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TrainingRecord? Training { get; init; }

    /// <summary>Floats per sample the net takes: channels x frames x tile x tile.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int SampleLength => Channels * FramesPerSample * TileSize * TileSize;

    /// <summary>
    /// Normalises whole samples in place, in the card's layout with pixels in [0, 1]:
    /// each channel's values become (x - mean) / std.
    /// </summary>
    public void Normalise(Span<float> samples)
    {
        if (samples.Length % SampleLength != 0)
        {
            throw new ArgumentException($"{samples.Length} floats are not a whole number of samples of {SampleLength}", nameof(samples));
        }

        // Channels come first in both layouts, so each channel is one contiguous run per sample.
        var perChannel = SampleLength / Channels;
        for (var start = 0; start < samples.Length; start += perChannel)
        {
            var c = start / perChannel % Channels;
            var (mean, scale) = (Normalisation.Mean[c], 1f / Normalisation.Std[c]);
            foreach (ref var value in samples.Slice(start, perChannel))
            {
                value = (value - mean) * scale;
            }
        }
    }

    /// <summary>Where the card of <paramref name="modelPath"/> lives: the same name with <c>.json</c>.</summary>
    public static string PathFor(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    /// <summary>Reads and validates a card; <see cref="DetectorModelException"/> names the file and the field at fault.</summary>
    public static ModelCard Load(string path)
    {
        byte[] json;
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxCardBytes)
            {
                throw new DetectorModelException(path, $"model card is {stream.Length} bytes; at most {MaxCardBytes} are read");
            }

            json = new byte[stream.Length];
            stream.ReadExactly(json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DetectorModelException(path, $"cannot read the model card ({e.Message})", e);
        }

        return Parse(json, path);
    }

    /// <summary>Writes the card as indented JSON with exactly the field names <see cref="Load"/> reads.</summary>
    public void Save(string path) => File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, WriteOptions));

    /// <summary>Parses and validates card JSON; <paramref name="source"/> names it in errors.</summary>
    public static ModelCard Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(utf8Json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new DetectorModelException(source, $"not a valid model card: {e.Message}", e);
        }

        if (card is null)
        {
            throw new DetectorModelException(source, "not a valid model card: the JSON is null");
        }

        if (card.FindProblem() is { } problem)
        {
            throw new DetectorModelException(source, $"model card field {problem}");
        }

        return card;
    }

    /// <summary>The first semantic problem, as "field: what is wrong", or null.</summary>
    private string? FindProblem()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            return "name: must not be empty";
        }

        if (string.IsNullOrWhiteSpace(Version))
        {
            return "version: must not be empty";
        }

        if (InputLayout is not (LayoutNchw or LayoutNcthw))
        {
            return $"inputLayout: '{InputLayout}' is not {LayoutNchw} or {LayoutNcthw}";
        }

        if (Channels is < 1 or > MaxChannels)
        {
            return $"channels: {Channels} is outside 1..{MaxChannels}";
        }

        if (TileSize is < 1 or > MaxTileSize)
        {
            return $"tileSize: {TileSize} is outside 1..{MaxTileSize}";
        }

        if (FramesPerSample is < 1 or > MaxFramesPerSample)
        {
            return $"framesPerSample: {FramesPerSample} is outside 1..{MaxFramesPerSample}";
        }

        if (InputLayout == LayoutNchw && FramesPerSample != 1)
        {
            return $"framesPerSample: {FramesPerSample} needs inputLayout {LayoutNcthw}; {LayoutNchw} takes one frame";
        }

        if ((long)Channels * FramesPerSample * TileSize * TileSize > MaxSampleFloats)
        {
            return $"tileSize: {Channels} channels x {FramesPerSample} frames x {TileSize}x{TileSize} pixels is over {MaxSampleFloats} floats per sample";
        }

        return NormalisationProblem() ?? CalibrationProblem() ?? FamiliesProblem("trainingFamilies", TrainingFamilies)
            ?? FamiliesProblem("heldOutFamilies", HeldOutFamilies) ?? FamilyHeadProblem();
    }

    private string? FamilyHeadProblem()
    {
        if (FamilyHead is null)
        {
            return null;
        }

        if (FamilyHead.Classes.Count < 2 || FamilyHead.Classes.Any(string.IsNullOrWhiteSpace)
            || FamilyHead.Classes.Distinct(StringComparer.Ordinal).Count() != FamilyHead.Classes.Count)
        {
            return "familyHead.classes: needs at least 2 distinct, non-empty names";
        }

        return double.IsFinite(FamilyHead.Weight) && FamilyHead.Weight > 0 ? null
            : $"familyHead.weight: {FamilyHead.Weight} must be a finite number above 0";
    }

    private string? NormalisationProblem()
    {
        if (Normalisation.Mean.Count != Channels || Normalisation.Std.Count != Channels)
        {
            return $"normalisation: mean and std need {Channels} values each (one per channel)";
        }

        for (var c = 0; c < Channels; c++)
        {
            if (!float.IsFinite(Normalisation.Mean[c]))
            {
                return $"normalisation.mean[{c}]: must be a finite number";
            }

            if (!float.IsFinite(Normalisation.Std[c]) || Normalisation.Std[c] <= 0)
            {
                return $"normalisation.std[{c}]: {Normalisation.Std[c]} must be a finite number above 0";
            }
        }

        return null;
    }

    private string? CalibrationProblem()
    {
        if (!double.IsFinite(Calibration.Temperature) || Calibration.Temperature <= 0)
        {
            return $"calibration.temperature: {Calibration.Temperature} must be a finite number above 0";
        }

        var (real, ai) = (Thresholds.RealAtMost, Thresholds.AiAtLeast);
        if (!(real >= 0 && real < ai && ai <= 1))
        {
            return $"thresholds: realAtMost {real} and aiAtLeast {ai} must satisfy 0 <= realAtMost < aiAtLeast <= 1";
        }

        return null;
    }

    private static string? FamiliesProblem(string field, IReadOnlyList<FamilyFigures> families)
    {
        for (var i = 0; i < families.Count; i++)
        {
            var family = families[i];
            if (string.IsNullOrWhiteSpace(family.Name))
            {
                return $"{field}[{i}].name: must not be empty";
            }

            if (family.Items < 0)
            {
                return $"{field}[{i}].items: {family.Items} must not be negative";
            }

            foreach (var (metric, value) in family.Figures)
            {
                if (!double.IsFinite(value))
                {
                    return $"{field}[{i}].figures.{metric}: must be a finite number";
                }
            }
        }

        return null;
    }
}
