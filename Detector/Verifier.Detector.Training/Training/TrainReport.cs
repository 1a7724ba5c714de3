using Verifier.Detector.Model;
using Verifier.Detector.Training.Data;

namespace Verifier.Detector.Training.Training;

/// <summary>
/// What a training run produced and measured on its held-out families (tile-level figures): the model it wrote, the
/// calibration and band set on validation, and the largest TorchSharp-vs-ONNX Runtime logit difference on validation tiles.
/// </summary>
public sealed record TrainReport(
    string ModelPath,
    ModelCard Card,
    int TrainTiles,
    int ValidationTiles,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<FamilyCount> HeldOutFamilies,
    double ValidationAuc,
    double ValidationTprAt1PctFpr,
    double ParityMaxDifference,
    IReadOnlyList<float> Losses);
