using System.CommandLine;
using Verifier.Detector.Scoring;

namespace Verifier.Cli.Commands;

/// <summary><c>--device auto|cpu|cuda</c>, the same choice for every command that runs a model.</summary>
public static class DeviceOption
{
    public static Option<string> Create(string description)
    {
        var option = new Option<string>("--device") { Description = description, DefaultValueFactory = _ => "auto", HelpName = "auto|cpu|cuda" };
        option.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        return option;
    }

    /// <summary>The choice as the detector's scoring device.</summary>
    public static ScoringDevice Scoring(string value) => value switch
    {
        "cpu" => ScoringDevice.Cpu,
        "cuda" => ScoringDevice.Cuda,
        _ => ScoringDevice.Auto,
    };
}
