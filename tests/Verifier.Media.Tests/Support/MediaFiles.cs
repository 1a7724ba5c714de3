using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests.Support;

/// <summary>Files from ../shared/data used by the media tests; sizes and rates are those of data/MANIFEST.tsv.</summary>
internal static class MediaFiles
{
    /// <summary>368x480, 20 fps, 4.35 s, H.264, no audio, one keyframe (at 0).</summary>
    public static string Cat => Data("real/video/cotracker_cat.mp4");

    /// <summary>640x360, 29.97 fps, 10.008 s, H.264 with audio, six keyframes about 2 s apart.</summary>
    public static string Hamilton => Data("real/video/facerec_short_hamilton_clip_orig.mp4");

    public static string Data(string relative) => Path.Combine(SharedFolder.Data, relative);

    /// <summary>The first <paramref name="bytes"/> bytes of <paramref name="source"/>, as a new file in a test temp folder.</summary>
    public static string Truncated(string source, int bytes)
    {
        var path = Path.Combine(Oracle.TempDir(), "truncated" + Path.GetExtension(source));
        using var input = File.OpenRead(source);
        var head = new byte[bytes];
        input.ReadExactly(head);
        File.WriteAllBytes(path, head);
        return path;
    }
}
