using System.Runtime.InteropServices;

namespace Verifier.Media;

/// <summary>
/// The part of the system's libheif (<c>libheif.so.1</c>) that both reading here and the tests' HEIC writer call: one
/// declaration of its error struct, its context and the release of a decoded or built image.
/// </summary>
internal static class LibHeif
{
    public const string Lib = "libheif.so.1";
    public const int ColorspaceRgb = 1;
    public const int ChromaInterleavedRgb = 10;
    public const int ChannelInterleaved = 10;

    /// <summary>libheif's <c>heif_error</c>, returned by value; <see cref="Message"/> is a static C string.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct HeifError
    {
        public int Code;
        public int Subcode;
        public nint Message;

        public readonly bool Failed => Code != 0;

        public readonly string Text => $"{Marshal.PtrToStringUTF8(Message)} ({Code}.{Subcode})";
    }

    [DllImport(Lib)]
    public static extern nint heif_context_alloc();

    [DllImport(Lib)]
    public static extern void heif_context_free(nint context);

    [DllImport(Lib)]
    public static extern void heif_image_release(nint image);
}
