namespace Verifier.Media;

/// <summary>
/// Input options for every ffmpeg/ffprobe that opens an untrusted file: local files only, and only container formats that
/// hold their media themselves. Without this a playlist (HLS, concat) disguised as a clip makes ffmpeg open other local
/// files or URLs that it names.
/// </summary>
internal static class InputPolicy
{
    public const string Containers = "mov,matroska,avi,gif,mpegts,mpeg,flv,ogg,asf,ivf";

    public static readonly string[] Options = ["-protocol_whitelist", "file", "-format_whitelist", Containers];
}
