using System.Text.Json;

namespace Verifier.Generator;

/// <summary>
/// What <c>generator.json</c> beside the weights records: the sizes and how far each part was trained (0 steps: a
/// randomly initialised model, which generates noise-like clips).
/// </summary>
public sealed record GeneratorCard(GeneratorConfig Config, int AutoencoderSteps, int TransformerSteps)
{
    public const string FileName = "generator.json";
    public const string WeightsName = "generator.bin";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static GeneratorCard Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{Path.GetFullPath(folder)}: no {FileName}; train one with 'verifier train generator' or pass --model");
        }

        try
        {
            var card = JsonSerializer.Deserialize<GeneratorCard>(File.ReadAllBytes(path), Json) ?? throw new JsonException("the card is null");
            return card.Config.FindProblem() is { } problem ? throw new JsonException(problem) : card;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a generator card ({e.Message})", e);
        }
    }

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, FileName + ".tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temp, Path.Combine(folder, FileName), overwrite: true);
    }
}
