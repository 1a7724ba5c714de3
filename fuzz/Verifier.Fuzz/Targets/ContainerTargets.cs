using Verifier.Provenance.Formats;
using Verifier.Provenance.Formats.Bmff;
using Verifier.Provenance.Validation;

namespace Verifier.Fuzz.Targets;

/// <summary>
/// The asset containers a manifest store is located in: each handler's media type, store location and (for JPEG and PNG)
/// box map, over the bytes as a read-only in-memory stream. A broken container may only give a ProvenanceReadException.
/// </summary>
public static class ContainerTargets
{
    public static FuzzTarget Jpeg { get; } = Container("jpeg", "JPEG segments: JpegHandler.Locate + GetBoxMap", () => new JpegHandler());

    public static FuzzTarget Png { get; } = Container("png", "PNG chunks: PngHandler.Locate + GetBoxMap", () => new PngHandler());

    public static FuzzTarget Riff { get; } = Container("riff", "RIFF/WebP chunks: RiffHandler.Locate", () => new RiffHandler());

    public static FuzzTarget Bmff { get; } = new("bmff", "BMFF boxes: BmffTree.Read + BmffHandler.Locate (C2PA uuid boxes)", input =>
    {
        using var stream = new MemoryStream(input, writable: false);
        BmffTree.Read(stream);
        Run(new BmffHandler(), input, stream);
    }, e => e is ProvenanceReadException);

    // Handlers are made per execution: SharpFuzz forbids running instrumented code (a constructor too) before Fuzzer.Run.
    private static FuzzTarget Container(string name, string description, Func<IAssetHandler> handler) =>
        new(name, description, input =>
        {
            using var stream = new MemoryStream(input, writable: false);
            Run(handler(), input, stream);
        }, e => e is ProvenanceReadException);

    private static void Run(IAssetHandler handler, byte[] input, MemoryStream stream)
    {
        // The reader only hands a file to the handler whose signature matches; the fuzzer's inputs keep that precondition.
        if (!handler.Matches(input.AsSpan(0, Math.Min(input.Length, AssetHandlers.HeaderLength))))
        {
            return;
        }

        stream.Position = 0;
        handler.MediaType(stream);
        stream.Position = 0;
        handler.Locate(stream);
        if (handler is IBoxMapProvider boxes)
        {
            stream.Position = 0;
            boxes.GetBoxMap(stream);
        }
    }
}
