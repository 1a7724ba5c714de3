namespace Verifier.Detector.Scanning;

/// <summary>
/// Where tiles are cut from a frame: a regular grid of whole tiles at native resolution, centred (equal margins), read in
/// rows. A grid with more cells than the cap gives an evenly spread subset, so the tiles still cover the frame for a
/// heatmap. A frame narrower or shorter than one tile gives one tile: the whole frame, to be scaled up to the tile size.
/// </summary>
public static class TileGrid
{
    public static IReadOnlyList<TileRect> Place(int width, int height, int tileSize, int maxTiles)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTiles);
        if (IsSmallerThanTile(width, height, tileSize))
        {
            return [new TileRect(0, 0, width, height)];
        }

        var (columns, rows) = (width / tileSize, height / tileSize);
        var (left, top) = ((width - (columns * tileSize)) / 2, (height - (rows * tileSize)) / 2);
        var cells = columns * rows;
        var count = Math.Min(cells, maxTiles);
        var tiles = new TileRect[count];
        for (var i = 0; i < count; i++)
        {
            // The middle cell of each of `count` equal stretches of the row-major cell list.
            var cell = (int)(((2L * i) + 1) * cells / (2L * count));
            tiles[i] = new TileRect(left + (cell % columns * tileSize), top + (cell / columns * tileSize), tileSize, tileSize);
        }

        return tiles;
    }

    /// <summary>Whether a frame cannot hold one whole tile (and so is scaled up to one).</summary>
    public static bool IsSmallerThanTile(int width, int height, int tileSize) => width < tileSize || height < tileSize;
}
