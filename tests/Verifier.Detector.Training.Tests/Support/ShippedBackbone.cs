using Verifier.Detector.Training.Net.Pretrained;

namespace Verifier.Detector.Training.Tests.Support;

/// <summary>The repository's pretrained backbone weights (models/backbones/mobilenet-v2), read once for all tests.</summary>
internal static class ShippedBackbone
{
    public static string Folder { get; } =
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ShippedDetector.Path))!, "models", "backbones", MobileNetV2Backbone.Name);

    private static readonly Lazy<TfjsWeights> Cached = new(() => TfjsWeights.Read(Folder));

    public static TfjsWeights Weights => Cached.Value;
}
