namespace Verifier.Provenance.Formats;

/// <summary>A half-open byte range of an asset file.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length;
}

/// <summary>What an asset handler found: the embedded manifest store (if any), where it sits, and a remote reference.</summary>
public sealed class LocatedManifest
{
    /// <summary>The raw JUMBF manifest store, reassembled from the asset's segments/chunks/boxes; null when none is embedded.</summary>
    public ReadOnlyMemory<byte>? Store { get; init; }

    /// <summary>
    /// Every byte range of the file that holds the store, container framing included (the whole APP11 run, the whole
    /// <c>caBX</c> chunk with its CRC, the whole C2PA <c>uuid</c> box). Hard-binding validators compare exclusions with these.
    /// </summary>
    public IReadOnlyList<ByteRange> StoreRanges { get; init; } = [];

    /// <summary>An XMP <c>dcterms:provenance</c> URL naming a remote manifest store, if the asset carries one.</summary>
    public string? RemoteUrl { get; init; }
}

/// <summary>
/// One asset format (JPEG, PNG, RIFF/WebP, ISO BMFF, ...): recognises files of its kind and locates their C2PA store.
/// Handlers read the stream; they never load a whole large asset into memory.
/// </summary>
public interface IAssetHandler
{
    /// <summary>Short name used in messages, e.g. <c>jpeg</c>.</summary>
    string Name { get; }

    /// <summary>The media type of the file (from its bytes), e.g. <c>image/jpeg</c>.</summary>
    string MediaType(Stream asset);

    /// <summary>True when the first bytes of a file (at least 64, fewer only for tiny files) are this format's.</summary>
    bool Matches(ReadOnlySpan<byte> header);

    /// <summary>Finds the manifest store. Throws <see cref="Validation.ProvenanceReadException"/> (<c>InvalidAsset</c>) for a broken container.</summary>
    LocatedManifest Locate(Stream asset);
}
