namespace Verifier.Media;

/// <summary>Why media could not be read or written.</summary>
public enum MediaErrorKind
{
    /// <summary>ffmpeg or ffprobe is not installed (or not on PATH).</summary>
    ToolMissing,

    /// <summary>The file is not media we can read: unknown format, corrupt or truncated.</summary>
    UnreadableMedia,

    /// <summary>ffmpeg took longer than the allowed time and was stopped.</summary>
    Timeout,

    /// <summary>ffmpeg failed on something other than the input (for example, encoding the output).</summary>
    ToolFailed,
}
