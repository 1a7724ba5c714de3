namespace Verifier.Detector.Model;

/// <summary>A model or model card that cannot be used; the message names the file and what is wrong.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The .onnx or .json file at fault.</summary>
    public string FilePath { get; }
}
