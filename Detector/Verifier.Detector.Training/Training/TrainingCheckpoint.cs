using System.Text.Json;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// What a checkpoint folder records beside the net's and the optimiser's state: the epochs done, every step's loss,
/// and the settings that must match for a resume to continue the same run.
/// </summary>
public sealed record TrainingCheckpoint(int EpochsDone, IReadOnlyList<float> Losses, string Settings)
{
    public const string StateFile = "state.json";
    public const string NetFile = "net.bin";
    public const string OptimizerFile = "optimizer.bin";

    public static TrainingCheckpoint? Read(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllBytes(path))
                ?? throw new JsonException("the state is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a training checkpoint state ({e.Message}); delete the folder to start afresh", e);
        }
    }

    /// <summary>Writes the state last, through a rename, so a run killed mid-save leaves the previous checkpoint whole.</summary>
    public void Write(string folder, Action<string> saveNet, Action<string> saveOptimizer)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, save) in new[] { (NetFile, saveNet), (OptimizerFile, saveOptimizer) })
        {
            var temp = Path.Combine(folder, name + ".tmp");
            save(temp);
            File.Move(temp, Path.Combine(folder, name), overwrite: true);
        }

        var state = Path.Combine(folder, StateFile + ".tmp");
        File.WriteAllBytes(state, JsonSerializer.SerializeToUtf8Bytes(this));
        File.Move(state, Path.Combine(folder, StateFile), overwrite: true);
    }
}
