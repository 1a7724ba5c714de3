using System.Text.Json;
using Verifier.Detector.Training.Net;
using Verifier.Detector.Training.Training;

namespace Verifier.Generator.Adversarial;

/// <summary>
/// A detector trained by <c>verifier train detector --out M</c> as the loop's starting point: M.onnx cannot be trained,
/// but M.checkpoint/ holds the TorchSharp weights (net.bin) and the settings they were trained with (the net's sizes).
/// </summary>
public static class StartingDetector
{
    public static (DetectorNetOptions Net, string Weights) Locate(string model)
    {
        var folder = new TrainRequest([], model).CheckpointFolder;
        var checkpoint = TrainingCheckpoint.Read(folder)
            ?? throw new InvalidDataException($"{Path.GetFullPath(folder)}: no training checkpoint; --detector needs a model trained by 'verifier train detector' on this machine (the .onnx alone cannot be fine-tuned)");
        TrainingOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<TrainingOptions>(checkpoint.Settings);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{folder}: its settings do not describe a detector net ({e.Message})", e);
        }

        var weights = Path.Combine(folder, TrainingCheckpoint.NetFile);
        return options?.Net is { } net && net.FindProblem() is null && File.Exists(weights)
            ? (net, weights)
            : throw new InvalidDataException($"{folder}: its settings or {TrainingCheckpoint.NetFile} do not describe a usable detector net");
    }
}
