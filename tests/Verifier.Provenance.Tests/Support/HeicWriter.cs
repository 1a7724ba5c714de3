using System.Runtime.InteropServices;
using static Verifier.Media.LibHeif;

namespace Verifier.Provenance.Tests.Support;

/// <summary>
/// HEIC files made by libheif (the system's libheif.so.1, with its x265 encoder): ffmpeg here cannot write HEIF. Verifier
/// decodes them through libheif too (Verifier.Media's <c>ImageDecoder</c>). A test failing here names what libheif said.
/// </summary>
internal static class HeicWriter
{
    private const int CompressionHevc = 1;

    /// <summary>Encodes <paramref name="rgb"/> (packed RGB24) as a HEVC HEIC file.</summary>
    public static void WriteHeic(string path, int width, int height, byte[] rgb)
    {
        var context = heif_context_alloc();
        try
        {
            Check(heif_context_get_encoder_for_format(context, CompressionHevc, out var encoder), "get the HEVC encoder");
            Check(heif_image_create(width, height, ColorspaceRgb, ChromaInterleavedRgb, out var image), "create an image");
            try
            {
                Check(heif_image_add_plane(image, ChannelInterleaved, width, height, 8), "add a plane");
                var plane = heif_image_get_plane(image, ChannelInterleaved, out int stride);
                for (int y = 0; y < height; y++)
                {
                    Marshal.Copy(rgb, y * width * 3, plane + y * stride, width * 3);
                }

                Check(heif_context_encode_image(context, image, encoder, 0, 0), "encode");
                Check(heif_context_write_to_file(context, path), "write " + path);
            }
            finally
            {
                heif_image_release(image);
                heif_encoder_release(encoder);
            }
        }
        finally
        {
            heif_context_free(context);
        }
    }

    private static void Check(HeifError error, string what)
    {
        if (error.Failed)
        {
            throw new InvalidOperationException($"libheif could not {what}: {error.Text}");
        }
    }

    [DllImport(Lib)]
    private static extern HeifError heif_context_get_encoder_for_format(nint context, int format, out nint encoder);

    [DllImport(Lib)]
    private static extern void heif_encoder_release(nint encoder);

    [DllImport(Lib)]
    private static extern HeifError heif_image_create(int width, int height, int colorspace, int chroma, out nint image);

    [DllImport(Lib)]
    private static extern HeifError heif_image_add_plane(nint image, int channel, int width, int height, int bitDepth);

    [DllImport(Lib)]
    private static extern nint heif_image_get_plane(nint image, int channel, out int stride);

    [DllImport(Lib)]
    private static extern HeifError heif_context_encode_image(nint context, nint image, nint encoder, nint options, nint handleOut);

    [DllImport(Lib)]
    private static extern HeifError heif_context_write_to_file(nint context, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);
}
