using Verifier.Detector.Model;

namespace Verifier.Fuzz.Targets;

/// <summary>A detector model card's JSON: ModelCard.Parse may only refuse it with a DetectorModelException.</summary>
public static class ModelCardTarget
{
    public static FuzzTarget Parse { get; } = new("modelcard", "ModelCard.Parse of model card JSON", input =>
    {
        var card = ModelCard.Parse(input, "fuzz.json");
        // Scanning sizes its sample buffers from SampleLength: an accepted card must describe a sample that int holds.
        long floats = (long)card.Channels * card.FramesPerSample * card.TileSize * card.TileSize;
        if (card.SampleLength != floats)
        {
            throw new ContractViolationException($"accepted card's SampleLength {card.SampleLength} is not its {floats} floats");
        }

        var p = card.Calibration.ProbabilityOfAi(1.5f);
        if (!(p is >= 0 and <= 1))
        {
            throw new ContractViolationException($"accepted card calibrates a logit to p(AI) {p}");
        }

        card.Thresholds.VerdictFor(p);
    }, e => e is DetectorModelException);
}
