using Verifier.Detector.Scanning;

namespace Verifier.Detector.Tests.Scanning;

/// <summary>Where tiles are cut: whole tiles at native resolution, centred; an evenly spread subset under the cap.</summary>
[TestClass]
public sealed class TileGridTests
{
    [TestMethod]
    public void FullGridIsCentredWholeTilesInRows()
    {
        // 100x70 holds 3x2 tiles of 32: margins (100-96)/2 = 2 and (70-64)/2 = 3.
        var tiles = TileGrid.Place(100, 70, 32, 16);

        TileRect[] expected =
        [
            new(2, 3, 32, 32), new(34, 3, 32, 32), new(66, 3, 32, 32),
            new(2, 35, 32, 32), new(34, 35, 32, 32), new(66, 35, 32, 32),
        ];
        CollectionAssert.AreEqual(expected, tiles.ToArray());
    }

    [TestMethod]
    public void CapTakesTheMiddleCellOfEqualStretches()
    {
        // 8 cells (4x2) cut into 3 stretches of 8/3 cells: middles at 4/3, 4, 20/3 -> cells 1, 4, 6.
        var tiles = TileGrid.Place(128, 64, 32, 3);

        CollectionAssert.AreEqual(new TileRect[] { new(32, 0, 32, 32), new(0, 32, 32, 32), new(64, 32, 32, 32) }, tiles.ToArray());
    }

    [TestMethod]
    public void CapSpreadsOverAFullHdGrid()
    {
        // 1920x1080 at 128: 15x8 = 120 cells; 16 of them, every 7.5th, reach both the first and the last rows.
        var tiles = TileGrid.Place(1920, 1080, 128, 16);

        Assert.HasCount(16, tiles);
        Assert.AreEqual(16, tiles.Distinct().Count(), "no cell twice");
        Assert.AreEqual(28, tiles.Min(t => t.Y), "first row (margin (1080-1024)/2)");
        Assert.AreEqual(28 + (7 * 128), tiles.Max(t => t.Y), "last row");
        Assert.IsTrue(tiles.All(t => t.X + t.Width <= 1920 && t.Y + t.Height <= 1080), "inside the frame");
    }

    [TestMethod]
    public void FrameSmallerThanATileIsOneWholeFrameTile()
    {
        Assert.IsTrue(TileGrid.IsSmallerThanTile(200, 20, 32));
        CollectionAssert.AreEqual(new TileRect[] { new(0, 0, 200, 20) }, TileGrid.Place(200, 20, 32, 16).ToArray());
        Assert.IsFalse(TileGrid.IsSmallerThanTile(32, 32, 32));
    }
}
