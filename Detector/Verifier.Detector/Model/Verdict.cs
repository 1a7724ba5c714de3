namespace Verifier.Detector.Model;

/// <summary>What the calibrated score says, with an explicit band where it says neither.</summary>
public enum Verdict
{
    Real,
    Inconclusive,
    Ai,
}
