using Verifier.Detector.Training.Data;
using Verifier.Detector.Training.Tests.Support;

namespace Verifier.Detector.Training.Tests.Data;

/// <summary>The tile cache gives back exactly what was written, and refuses a truncated, foreign or future file by name.</summary>
[TestClass]
public sealed class TileCacheTests
{
    private static TileSet Sample()
    {
        var tiles = SyntheticTiles.Make(perLabel: 5, tile: 8, seed: 4);
        // Two tiles per file, as a clip gives several.
        tiles.Add(tiles[0] with { Rgb = [.. tiles[1].Rgb] });
        return new TileSet(tiles, ["/corpus/broken.mp4: no video stream"]);
    }

    [TestMethod]
    public void RoundTripKeepsEveryTileLabelFamilyAndPath()
    {
        using var temp = new TempFolder();
        var written = Sample();

        TileCache.Write(temp.File("tiles.bin"), written, "settings v1");
        var (read, settings) = TileCache.Read(temp.File("tiles.bin"));

        Assert.AreEqual("settings v1", settings);
        CollectionAssert.AreEqual(written.Skipped.ToArray(), read.Skipped.ToArray());
        Assert.HasCount(written.Tiles.Count, read.Tiles);
        for (var i = 0; i < written.Tiles.Count; i++)
        {
            var (a, b) = (written.Tiles[i], read.Tiles[i]);
            Assert.AreEqual((a.IsAi, a.Family, a.SourcePath), (b.IsAi, b.Family, b.SourcePath), $"tile {i}");
            CollectionAssert.AreEqual(a.Rgb, b.Rgb, $"tile {i}");
        }

        // Compact: the pixels plus a 4-byte item index per tile, and a small header.
        var pixels = written.Tiles.Sum(t => t.Rgb.Length + 4L);
        Assert.IsInRange(pixels, pixels + 1024, new FileInfo(temp.File("tiles.bin")).Length);
        Assert.HasCount(1, Directory.GetFiles(temp.Path), "a temporary file was left behind");
    }

    [TestMethod]
    public void TruncatedForeignAndFutureFilesAreRefused()
    {
        using var temp = new TempFolder();
        var path = temp.File("tiles.bin");
        TileCache.Write(path, Sample(), "settings");
        var whole = File.ReadAllBytes(path);

        foreach (var cut in new[] { whole.Length - 1, whole.Length - 200, 40, 10, 0 })
        {
            File.WriteAllBytes(path, whole[..cut]);
            var e = Assert.Throws<InvalidDataException>(() => TileCache.Read(path), $"cut at {cut}");
            StringAssert.Contains(e.Message, path);
        }

        File.WriteAllBytes(path, [.. whole, 0]);
        Assert.Throws<InvalidDataException>(() => TileCache.Read(path), "a byte too many");

        var png = temp.File("picture.png");
        Pictures.WritePng(Pictures.Gradient(16, 16), png);
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => TileCache.Read(png)).Message, "not a tile cache");

        var future = (byte[])whole.Clone();
        future[8] = 99;
        File.WriteAllBytes(path, future);
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => TileCache.Read(path)).Message, "version 99");
    }
}
