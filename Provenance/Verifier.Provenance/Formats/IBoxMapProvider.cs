namespace Verifier.Provenance.Formats;

/// <summary>
/// One entry of an asset's box map for <c>c2pa.hash.boxes</c>: a segment/chunk named as c2pa-rs names it
/// (<c>SOI</c>, <c>APP0</c>, <c>SOS</c> incl. its entropy-coded data, <c>PNGh</c>, <c>IHDR</c>, ...; the manifest store is <c>C2PA</c>).
/// </summary>
public sealed record BoxMapEntry(string Name, ByteRange Range);

/// <summary>Implemented by handlers whose format supports box hashing (JPEG, PNG).</summary>
public interface IBoxMapProvider
{
    /// <summary>The file's boxes in file order. Throws <see cref="Validation.ProvenanceReadException"/> for a broken container.</summary>
    IReadOnlyList<BoxMapEntry> GetBoxMap(Stream asset);

    /// <summary>The box name c2pa-rs gives the manifest store.</summary>
    public const string C2paBoxName = "C2PA";
}
