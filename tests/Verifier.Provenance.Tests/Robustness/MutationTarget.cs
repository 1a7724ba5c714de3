using Verifier.Provenance.Jumbf;
using Verifier.Provenance.Tests.Formats;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// A signed file prepared for mutation: its bytes, where its manifest store lies in them (when the store is stored
/// contiguously, as in PNG, WebP, BMFF and single-segment JPEG), and the offsets of the store's JUMBF boxes.
/// </summary>
internal sealed class MutationTarget
{
    private MutationTarget(string name, byte[] bytes, int storeOffset, int storeLength, IReadOnlyList<JumbfBox> boxes, string? asset = null)
    {
        Name = name;
        FileBytes = bytes;
        ExternalFor = asset;
        Bytes = bytes;
        StoreOffset = storeOffset;
        StoreLength = storeLength;
        Boxes = boxes;
    }

    public string Name { get; }

    /// <summary>The whole asset file (the same array as <see cref="Bytes"/> unless the store is split).</summary>
    public byte[] FileBytes { get; private init; }

    /// <summary>Where the store's container framing lies in <see cref="FileBytes"/> (the handler's StoreRanges).</summary>
    public IReadOnlyList<Provenance.Formats.ByteRange> StoreRanges { get; private init; } = [];

    /// <summary>
    /// Set when the store is split across segments (multi-segment JPEG): <see cref="Bytes"/> is then the store alone,
    /// to be validated as the external manifest of this asset.
    /// </summary>
    public string? ExternalFor { get; }

    public byte[] Bytes { get; }

    /// <summary>Offset of the store's first byte in <see cref="Bytes"/>, or -1 when the file has no store.</summary>
    public int StoreOffset { get; }

    public int StoreLength { get; }

    /// <summary>Every JUMBF box of the store, depth first (offsets relative to the store).</summary>
    public IReadOnlyList<JumbfBox> Boxes { get; }

    public bool HasStore => StoreOffset >= 0;

    /// <summary>The payload box of the superbox labelled <paramref name="label"/> (e.g. <c>c2pa.signature</c>), in every manifest.</summary>
    public IEnumerable<JumbfBox> ContentOf(Func<string, bool> label) =>
        Boxes.Where(b => b.IsSuperbox && b.Label is { } l && label(l)).Select(b => b.Content).OfType<JumbfBox>();

    public static MutationTarget Load(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var located = SignedSamples.Locate(file);
        if (located.Store is not { } store)
        {
            return new MutationTarget(Path.GetFileName(file), bytes, -1, 0, []);
        }

        int offset = bytes.AsSpan().IndexOf(store.Span);
        var boxes = new List<JumbfBox>();
        Collect(JumbfReader.ParseStore(store), boxes);
        var target = offset >= 0
            ? new MutationTarget(Path.GetFileName(file), bytes, offset, store.Length, boxes)
            : new MutationTarget(Path.GetFileName(file), store.ToArray(), 0, store.Length, boxes, file);
        return new MutationTarget(target.Name, target.Bytes, target.StoreOffset, target.StoreLength, target.Boxes, target.ExternalFor)
        {
            FileBytes = bytes,
            StoreRanges = located.StoreRanges,
        };
    }

    private static void Collect(JumbfBox box, List<JumbfBox> into)
    {
        into.Add(box);
        foreach (var child in box.Children)
        {
            Collect(child, into);
        }
    }
}
