using Verifier.Detector.Model;

namespace Verifier.Detector.Scoring;

/// <summary>One sample's raw logit, its calibrated p(AI) and the verdict the card's band gives it.</summary>
public readonly record struct TileScore(float Logit, double ProbabilityOfAi, Verdict Verdict);
