using System.Text.Json.Serialization;

namespace Verifier.Detector.Training.Evaluation;

/// <summary>
/// The metadata-only baseline (the shortcut audit): a logistic regression on file metadata alone, fitted on the training
/// families and scored on the evaluated ones, beside the model's AUC on the very same files. An AUC well above 0.5 means
/// the corpus's labels leak through format; well above 0.7, the data needs fixing before any figure is trusted.
/// </summary>
public sealed record BaselineResult(
    [property: JsonPropertyName("train_files")] int TrainFiles,
    [property: JsonPropertyName("test_files")] int TestFiles,
    [property: JsonPropertyName("train_families")] int TrainFamilies,
    [property: JsonPropertyName("test_families")] int TestFamilies,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("auc")] double Auc,
    [property: JsonPropertyName("auc_95_low")] double AucLow,
    [property: JsonPropertyName("auc_95_high")] double AucHigh,
    [property: JsonPropertyName("train_auc")] double TrainAuc,
    [property: JsonPropertyName("model_auc_same_files")] double? ModelAuc,
    [property: JsonPropertyName("weights")] IReadOnlyDictionary<string, double> Weights,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedFile> Skipped);
