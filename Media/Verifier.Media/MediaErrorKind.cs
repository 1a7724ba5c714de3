namespace Verifier.Media;

/// <summary>Why media could not be read or written.</summary>
public enum MediaErrorKind
{
    /// <summary>A tool the media needs is not installed: ffmpeg or ffprobe (or not on PATH), or libheif for HEIC and AVIF stills.</summary>
    ToolMissing,

    /// <summary>The file is not media we can read: unknown format, corrupt or truncated.</summary>
    UnreadableMedia,

    /// <summary>ffmpeg took longer than the allowed time and was stopped.</summary>
    Timeout,

    /// <summary>ffmpeg failed on something other than the input (for example, encoding the output).</summary>
    ToolFailed,
}
