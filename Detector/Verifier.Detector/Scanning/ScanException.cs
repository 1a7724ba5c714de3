namespace Verifier.Detector.Scanning;

/// <summary>
/// One file could not be scanned (unreadable or unsupported media, ffmpeg missing, the model failing on it); the message
/// names the file and the problem, so a directory scan can report it and go on.
/// </summary>
public sealed class ScanException : Exception
{
    public ScanException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        FilePath = file;
        Problem = problem;
    }

    public string FilePath { get; }

    /// <summary>What went wrong, without the file name.</summary>
    public string Problem { get; }
}
