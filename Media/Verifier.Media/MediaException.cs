namespace Verifier.Media;

/// <summary>Media could not be read or written; the message names the file and what went wrong.</summary>
public sealed class MediaException : Exception
{
    public MediaException(MediaErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public MediaErrorKind Kind { get; }
}
