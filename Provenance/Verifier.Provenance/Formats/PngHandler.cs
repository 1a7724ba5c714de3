using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Formats;

/// <summary>PNG: the manifest store is the data of a <c>caBX</c> chunk; XMP is an <c>iTXt</c> chunk keyed <c>XML:com.adobe.xmp</c>.</summary>
public sealed class PngHandler : IAssetHandler, IBoxMapProvider
{
    private const string StoreChunk = "caBX";
    private static ReadOnlySpan<byte> XmpKeyword => "XML:com.adobe.xmp\0"u8;

    public string Name => "png";

    public string MediaType(Stream asset) => "image/png";

    public bool Matches(ReadOnlySpan<byte> header) => header.StartsWith(PngChunks.Signature);

    public LocatedManifest Locate(Stream asset)
    {
        PngChunk? store = null;
        string? remoteUrl = null;
        foreach (var chunk in PngChunks.Read(asset))
        {
            if (chunk.Type == StoreChunk)
            {
                // c2pa-rs refuses a PNG with more than one caBX chunk: a second store could be swapped in for the first.
                store = store is null ? chunk : throw new ProvenanceReadException(ReadError.TooManyManifestStores,
                    $"a second caBX chunk (manifest store) at offset {chunk.Offset}");
            }
            else if (chunk.Type == "iTXt" && remoteUrl is null)
            {
                remoteUrl = ReadXmpUrl(asset, chunk);
            }
        }

        if (store is not { } c)
        {
            return new LocatedManifest { RemoteUrl = remoteUrl };
        }

        asset.Position = c.DataOffset;
        var data = AssetStream.ReadBlock(asset, c.DataLength, AssetStream.MaxStoreBytes, PngChunks.Format, "caBX chunk");
        return new LocatedManifest { Store = data, StoreRanges = [new ByteRange(c.Offset, c.Length)], RemoteUrl = remoteUrl };
    }

    public IReadOnlyList<BoxMapEntry> GetBoxMap(Stream asset)
    {
        var map = new List<BoxMapEntry> { new("PNGh", new ByteRange(0, 8)) };
        foreach (var chunk in PngChunks.Read(asset))
        {
            map.Add(new BoxMapEntry(chunk.Type == StoreChunk ? IBoxMapProvider.C2paBoxName : chunk.Type,
                new ByteRange(chunk.Offset, chunk.Length)));
        }

        return map;
    }

    /// <summary>iTXt = keyword NUL, compression flag, method, language NUL, translated keyword NUL, text.</summary>
    private static string? ReadXmpUrl(Stream asset, PngChunk chunk)
    {
        if (chunk.DataLength > AssetStream.MaxXmpBytes || chunk.DataLength < XmpKeyword.Length + 4)
        {
            return null;
        }

        asset.Position = chunk.DataOffset;
        var data = AssetStream.ReadBlock(asset, chunk.DataLength, AssetStream.MaxXmpBytes, PngChunks.Format, "iTXt chunk");
        var span = data.AsSpan();
        if (!span.StartsWith(XmpKeyword))
        {
            return null;
        }

        bool compressed = span[XmpKeyword.Length] != 0;
        var rest = span[(XmpKeyword.Length + 2)..];
        for (int field = 0; field < 2; field++)
        {
            int nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                return null;
            }

            rest = rest[(nul + 1)..];
        }

        return XmpProvenance.Find(compressed ? AssetStream.Inflate(rest.ToArray(), AssetStream.MaxXmpBytes) ?? [] : rest);
    }
}
