using System.Text.Json;
using Verifier.Detector.Training.Net;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// One finished round on disk, <c>OUT/round-NNN/</c>: the detector's weights (<c>detector.bin</c>), the generator
/// (<c>generator/</c>, a model folder <c>verifier generate --model</c> takes) and the round's figures (<c>round.json</c>,
/// written last, so a folder without it is an unfinished round and is redone).
/// </summary>
public sealed class RoundFolder(string outFolder, int round)
{
    public const string DetectorFile = "detector.bin";
    public const string RecordFile = "round.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Path { get; } = System.IO.Path.Combine(outFolder, $"round-{round:000}");

    public string DetectorWeights => System.IO.Path.Combine(Path, DetectorFile);

    public string GeneratorFolder => System.IO.Path.Combine(Path, "generator");

    /// <summary>Scratch space for the round's detector epochs (removed once the round is saved).</summary>
    public string DetectorCheckpoint => System.IO.Path.Combine(Path, "detector-checkpoint");

    public bool IsComplete => File.Exists(System.IO.Path.Combine(Path, RecordFile));

    public RoundRecord ReadRecord()
    {
        var path = System.IO.Path.Combine(Path, RecordFile);
        try
        {
            return JsonSerializer.Deserialize<RoundRecord>(File.ReadAllBytes(path), Json) ?? throw new JsonException("the record is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a round record ({e.Message}); delete the folder to redo the round", e);
        }
    }

    /// <summary>Removes what an interrupted attempt at this round left.</summary>
    public void Clear()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    public void Save(DetectorNet detector, GeneratorModel generator, GeneratorCard card, RoundRecord record)
    {
        Directory.CreateDirectory(Path);
        var temp = DetectorWeights + ".tmp";
        detector.save(temp);
        File.Move(temp, DetectorWeights, overwrite: true);
        generator.Save(GeneratorFolder, card.AutoencoderSteps, card.TransformerSteps);
        if (Directory.Exists(DetectorCheckpoint))
        {
            Directory.Delete(DetectorCheckpoint, recursive: true);
        }

        var recordTemp = System.IO.Path.Combine(Path, RecordFile + ".tmp");
        File.WriteAllBytes(recordTemp, JsonSerializer.SerializeToUtf8Bytes(record, Json));
        File.Move(recordTemp, System.IO.Path.Combine(Path, RecordFile), overwrite: true);
    }
}
