using Verifier.Detector.Training.Training;
using static TorchSharp.torch;

namespace Verifier.Cli.Commands;

/// <summary>A command's <c>--device</c> as a TorchSharp device; one that cannot be had (no CUDA) is the caller's to fix, exit 64.</summary>
public static class TorchDeviceChoice
{
    public static Device Resolve(string value)
    {
        try
        {
            return TorchDevices.Resolve(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
