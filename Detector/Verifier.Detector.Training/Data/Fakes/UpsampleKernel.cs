namespace Verifier.Detector.Training.Data.Fakes;

/// <summary>How a pseudo-fake is upsampled back to size: each leaves its own trace, as generators' decoders do.</summary>
public enum UpsampleKernel
{
    Nearest,
    Bilinear,
    Bicubic,

    /// <summary>Zero insertion then a fixed kernel whose taps overlap unevenly: the checkerboard of a transposed convolution.</summary>
    TransposedConv,
}
