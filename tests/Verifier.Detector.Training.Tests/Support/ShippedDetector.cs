namespace Verifier.Detector.Training.Tests.Support;

/// <summary>The repository's shipped detector (models/detector.onnx + card), found from the test binaries upwards.</summary>
internal static class ShippedDetector
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Verifier.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "models", "detector.onnx");
            }
        }

        throw new InvalidOperationException("Verifier.sln was not found above " + AppContext.BaseDirectory);
    }
}
