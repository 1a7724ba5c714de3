namespace Verifier.Provenance.TimeStamps;

/// <summary>A time-stamp authority could not be reached, refused the request, or answered with something unusable.</summary>
public sealed class TimeStampException(string message, Exception? inner = null) : Exception(message, inner);
