using System.Text;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// A cut <see cref="TileSet"/> on disk, so a re-run (or a run on the GPU machine) skips the cut: an 8-byte magic, a
/// version, the settings the tiles were cut with, the tile's byte length, the items (path, label, family), the skipped
/// files, then each tile as its item's index and its packed uint8 RGB. Lengths are checked against the file's size
/// before anything is allocated, so a truncated or foreign file is refused with a clear error, never half read.
/// </summary>
public static class TileCache
{
    public const int Version = 1;

    private static readonly byte[] Magic = "VRFTILES"u8.ToArray();

    /// <summary>Writes through a temporary file and a rename, so a run killed mid-write leaves no half cache behind.</summary>
    public static void Write(string path, TileSet set, string settings)
    {
        var tileBytes = set.Tiles.Count > 0 ? set.Tiles[0].Rgb.Length : 0;
        var items = set.Tiles.Select(t => (t.SourcePath, t.IsAi, t.Family)).Distinct().ToList();
        var index = items.Select((item, i) => (item, i)).ToDictionary(p => p.item, p => p.i);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new BinaryWriter(File.Create(temp), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(settings);
                writer.Write(tileBytes);
                writer.Write(items.Count);
                foreach (var (source, isAi, family) in items)
                {
                    writer.Write(source);
                    writer.Write(isAi);
                    writer.Write(family);
                }

                writer.Write(set.Skipped.Count);
                foreach (var skipped in set.Skipped)
                {
                    writer.Write(skipped);
                }

                writer.Write(set.Tiles.Count);
                foreach (var tile in set.Tiles)
                {
                    if (tile.Rgb.Length != tileBytes)
                    {
                        throw new ArgumentException($"{tile.SourcePath}: a tile of {tile.Rgb.Length} bytes among tiles of {tileBytes}", nameof(set));
                    }

                    writer.Write(index[(tile.SourcePath, tile.IsAi, tile.Family)]);
                    writer.Write(tile.Rgb);
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The tiles and the settings they were cut with; <see cref="InvalidDataException"/> for a file that is not a whole cache.</summary>
    public static (TileSet Tiles, string Settings) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (stream.Length < Magic.Length + 4 || !reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path}: not a tile cache (no {Encoding.ASCII.GetString(Magic)} header)");
            }

            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{path}: tile cache version {version}; this build reads version {Version}; delete it to cut afresh");
            }

            var settings = reader.ReadString();
            var tileBytes = Count(reader, stream, 1, path);
            var items = new (string Path, bool IsAi, string Family)[Count(reader, stream, 3, path)];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = (reader.ReadString(), reader.ReadBoolean(), reader.ReadString());
            }

            var skipped = new string[Count(reader, stream, 1, path)];
            for (var i = 0; i < skipped.Length; i++)
            {
                skipped[i] = reader.ReadString();
            }

            var count = reader.ReadInt32();
            var remaining = stream.Length - stream.Position;
            if (count < 0 || remaining != count * (4L + tileBytes))
            {
                throw new InvalidDataException($"{path}: truncated or corrupt tile cache ({count} tiles of {tileBytes} bytes need {count * (4L + tileBytes)} bytes, {remaining} remain); delete it to cut afresh");
            }

            var tiles = new TrainingTile[count];
            for (var t = 0; t < count; t++)
            {
                var item = reader.ReadInt32();
                if ((uint)item >= (uint)items.Length)
                {
                    throw new InvalidDataException($"{path}: tile {t} names item {item} of {items.Length}; delete it to cut afresh");
                }

                tiles[t] = new TrainingTile(reader.ReadBytes(tileBytes), items[item].IsAi, items[item].Family, items[item].Path);
            }

            return (new TileSet(tiles, skipped), settings);
        }
        catch (IOException e)
        {
            // End of stream, or a string length no cache writes: both mean a cut-off or foreign file.
            throw new InvalidDataException($"{path}: truncated or corrupt tile cache ({e.Message}); delete it to cut afresh", e);
        }
    }

    /// <summary>A count that cannot exceed what is left of the file at <paramref name="minBytesEach"/> bytes each.</summary>
    private static int Count(BinaryReader reader, Stream stream, int minBytesEach, string path)
    {
        var count = reader.ReadInt32();
        if (count < 0 || (long)count * minBytesEach > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"{path}: truncated or corrupt tile cache (a count of {count} exceeds the file); delete it to cut afresh");
        }

        return count;
    }
}
