namespace Verifier.Detector.Training.Data;

/// <summary>A corpus that cannot be read or split; the message names the file (and line) and the problem.</summary>
public sealed class CorpusException(string message, Exception? inner = null) : Exception(message, inner);
