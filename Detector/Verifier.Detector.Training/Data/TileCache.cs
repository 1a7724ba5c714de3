namespace Verifier.Detector.Training.Data;

/// <summary>
/// A cut <see cref="TileSet"/> on disk, so a re-run (or a run on the GPU machine) skips the cut: the
/// <see cref="CacheFile"/> header, the settings the tiles were cut with, the tile's byte length, the items (path, label,
/// family), the skipped files, then each tile as its item's index and its packed uint8 RGB.
/// </summary>
public static class TileCache
{
    public const int Version = 1;

    private const string Magic = "VRFTILES";

    private const string Kind = "tile cache";

    /// <summary>Writes through a temporary file and a rename, so a run killed mid-write leaves no half cache behind.</summary>
    public static void Write(string path, TileSet set, string settings)
    {
        var tileBytes = set.Tiles.Count > 0 ? set.Tiles[0].Rgb.Length : 0;
        var items = set.Tiles.Select(t => (t.SourcePath, t.IsAi, t.Family)).Distinct().ToList();
        var index = items.Select((item, i) => (item, i)).ToDictionary(p => p.item, p => p.i);
        CacheFile.Write(path, Magic, Version, writer =>
        {
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
        });
    }

    /// <summary>The tiles and the settings they were cut with; <see cref="InvalidDataException"/> for a file that is not a whole cache.</summary>
    public static (TileSet Tiles, string Settings) Read(string path) => CacheFile.Read(path, Magic, Version, Kind, file =>
    {
        var reader = file.Reader;
        var settings = reader.ReadString();
        var tileBytes = file.Count(1);
        var items = new (string Path, bool IsAi, string Family)[file.Count(3)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = (reader.ReadString(), reader.ReadBoolean(), reader.ReadString());
        }

        var skipped = new string[file.Count(1)];
        for (var i = 0; i < skipped.Length; i++)
        {
            skipped[i] = reader.ReadString();
        }

        var count = reader.ReadInt32();
        if (count < 0 || file.Remaining != count * (4L + tileBytes))
        {
            throw file.Corrupt($"{count} tiles of {tileBytes} bytes need {count * (4L + tileBytes)} bytes, {file.Remaining} remain");
        }

        var tiles = new TrainingTile[count];
        for (var t = 0; t < count; t++)
        {
            var item = reader.ReadInt32();
            if ((uint)item >= (uint)items.Length)
            {
                throw file.Corrupt($"tile {t} names item {item} of {items.Length}");
            }

            tiles[t] = new TrainingTile(reader.ReadBytes(tileBytes), items[item].IsAi, items[item].Family, items[item].Path);
        }

        return (new TileSet(tiles, skipped), settings);
    });
}
