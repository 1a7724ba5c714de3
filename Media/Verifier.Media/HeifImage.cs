using System.Runtime.InteropServices;
using static Verifier.Media.LibHeif;

namespace Verifier.Media;

/// <summary>
/// HEIF stills (a phone's HEIC, an AVIF) through the system's libheif (Debian: <c>libheif1</c>): Skia has no HEIF codec,
/// and Debian 12's ffmpeg 5.1 reads neither HEIC items nor the tiled grids phones write. The primary image is decoded with
/// its rotation, mirroring and crop applied, as 8-bit RGB.
/// </summary>
internal static class HeifImage
{
    /// <summary>
    /// The format (<c>heif</c> or <c>avif</c>) when the header is an ISO BMFF <c>ftyp</c> whose major brand is a HEIF still
    /// brand; null otherwise. Sequence brands (<c>msf1</c>, <c>avis</c>, <c>hevc</c>) are clips, left to ffmpeg.
    /// </summary>
    public static string? Format(ReadOnlySpan<byte> header)
    {
        if (header.Length < 12 || !header[4..8].SequenceEqual("ftyp"u8))
        {
            return null;
        }

        return System.Text.Encoding.Latin1.GetString(header[8..12]) switch
        {
            "avif" => "avif",
            "heic" or "heix" or "heim" or "heis" or "mif1" or "mif2" => "heif",
            _ => null,
        };
    }

    /// <summary>The primary image's size as libheif reports it (after a 90-degree rotation), without decoding pixels.</summary>
    public static FrameSize ReadSize(string full) => WithPrimaryImage(full, handle => Checked(full, handle));

    public static Frame Decode(string full) => WithPrimaryImage(full, handle =>
    {
        Checked(full, handle);
        Check(full, heif_decode_image(handle, out var image, ColorspaceRgb, ChromaInterleavedRgb, 0), "its image could not be decoded");
        try
        {
            int width = heif_image_get_width(image, ChannelInterleaved), height = heif_image_get_height(image, ChannelInterleaved);
            var plane = heif_image_get_plane_readonly(image, ChannelInterleaved, out int stride);
            if (plane == 0 || width <= 0 || height <= 0 || heif_image_get_bits_per_pixel_range(image, ChannelInterleaved) != 8)
            {
                throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: libheif gave no 8-bit RGB picture for it.");
            }

            var rgb = new byte[Frame.ByteCount(width, height)];
            for (int y = 0; y < height; y++)
            {
                Marshal.Copy(plane + ((nint)y * stride), rgb, y * width * 3, width * 3);
            }

            return new Frame(width, height, rgb, 0);
        }
        finally
        {
            heif_image_release(image);
        }
    });

    private static FrameSize Checked(string full, nint handle)
    {
        int width = heif_image_handle_get_width(handle), height = heif_image_handle_get_height(handle);
        return width is > 0 and <= Frame.MaxSide && height is > 0 and <= Frame.MaxSide
            ? new FrameSize(width, height)
            : throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: the image is {width}x{height}; each side must be 1..{Frame.MaxSide}.");
    }

    private static T WithPrimaryImage<T>(string full, Func<nint, T> use)
    {
        nint context;
        try
        {
            context = heif_context_alloc();
        }
        catch (DllNotFoundException e)
        {
            throw new MediaException(MediaErrorKind.ToolMissing,
                $"{full}: HEIC and AVIF images are read through libheif, which is not installed (Debian: apt-get install libheif1).", e);
        }

        try
        {
            Check(full, heif_context_read_from_file(context, full, 0), "not a HEIF image libheif can read");
            Check(full, heif_context_get_primary_image_handle(context, out var handle), "it has no primary image");
            try
            {
                return use(handle);
            }
            finally
            {
                heif_image_handle_release(handle);
            }
        }
        finally
        {
            heif_context_free(context);
        }
    }

    private static void Check(string full, HeifError error, string what)
    {
        if (error.Failed)
        {
            throw new MediaException(MediaErrorKind.UnreadableMedia, $"{full}: {what} (libheif: {error.Text}).");
        }
    }

    [DllImport(Lib)]
    private static extern HeifError heif_context_read_from_file(nint context, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint options);

    [DllImport(Lib)]
    private static extern HeifError heif_context_get_primary_image_handle(nint context, out nint handle);

    [DllImport(Lib)]
    private static extern int heif_image_handle_get_width(nint handle);

    [DllImport(Lib)]
    private static extern int heif_image_handle_get_height(nint handle);

    [DllImport(Lib)]
    private static extern void heif_image_handle_release(nint handle);

    [DllImport(Lib)]
    private static extern HeifError heif_decode_image(nint handle, out nint image, int colorspace, int chroma, nint options);

    [DllImport(Lib)]
    private static extern int heif_image_get_width(nint image, int channel);

    [DllImport(Lib)]
    private static extern int heif_image_get_height(nint image, int channel);

    [DllImport(Lib)]
    private static extern int heif_image_get_bits_per_pixel_range(nint image, int channel);

    [DllImport(Lib)]
    private static extern nint heif_image_get_plane_readonly(nint image, int channel, out int stride);
}
