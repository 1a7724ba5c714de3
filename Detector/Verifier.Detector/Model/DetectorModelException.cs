namespace Verifier.Detector.Model;

/// <summary>
/// A model or model card that cannot be loaded, or a model that fails while scoring; the message names the
/// file and what is wrong.
/// </summary>
public sealed class DetectorModelException : Exception
{
    public DetectorModelException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The .onnx or .json file at fault.</summary>
    public string FilePath { get; }
}
