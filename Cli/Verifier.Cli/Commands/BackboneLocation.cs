using Verifier.Detector.Training.Net.Pretrained;

namespace Verifier.Cli.Commands;

/// <summary>
/// The pretrained backbone's weights: <c>$VERIFIER_BACKBONE</c> when set, else <c>models/backbones/mobilenet-v2</c> beside
/// the executable (the build copies it there from the repository). Missing weights are a usage error saying where it looked.
/// </summary>
internal static class BackboneLocation
{
    public const string EnvironmentVariable = "VERIFIER_BACKBONE";

    public static string Find()
    {
        var folder = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } set
            ? set
            : Path.Combine(AppContext.BaseDirectory, "models", "backbones", MobileNetV2Backbone.Name);
        return File.Exists(Path.Combine(folder, "model.json"))
            ? folder
            : throw new UsageException($"no pretrained backbone at {folder} (model.json missing); set ${EnvironmentVariable} to the folder of models/backbones/{MobileNetV2Backbone.Name}");
    }
}
