namespace Verifier.Provenance.Formats;

/// <summary>MP3: the manifest store and XMP are in the ID3v2 tag at the start of the file (<see cref="Id3Tag"/>).</summary>
public sealed class Mp3Handler : IAssetHandler
{
    public string Name => "mp3";

    public string MediaType(Stream asset) => "audio/mpeg";

    public bool Matches(ReadOnlySpan<byte> header) =>
        header.StartsWith("ID3"u8) || header.Length >= 2 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) != 0;

    public LocatedManifest Locate(Stream asset) => Id3Tag.Locate(asset);
}
