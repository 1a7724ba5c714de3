using Verifier.Detector.Model;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Detector.Tests.Support;
using Verifier.Media;
using Verifier.Media.Tests.Support;

namespace Verifier.Detector.Tests.Scanning;

/// <summary>Files that cannot be scanned give a <see cref="ScanException"/> naming the file, leave no ffmpeg or temp file behind.</summary>
[TestClass]
public sealed class ScanFailureTests
{
    private const int Tile = 32;

    [TestMethod]
    public async Task BadFilesGiveScanExceptionsNamingTheFile()
    {
        using var folder = new TempFolder();
        using var model = ColourModel.Load(folder, Tile);
        var clip = Ffmpeg.LosslessClip(folder.File("good.mp4"), "testsrc2=s=64x64:r=10:d=1,format=rgb24");
        var png = Ffmpeg.Still(folder.File("good.png"), "testsrc2=s=64x64,format=rgb24");
        var random = new byte[4000];
        new Random(7).NextBytes(random);
        File.WriteAllBytes(folder.File("empty.mp4"), []);
        File.WriteAllText(folder.File("notes.txt"), "not media at all\n");
        File.WriteAllBytes(folder.File("noise.jpg"), random);
        File.WriteAllBytes(folder.File("cut.mp4"), File.ReadAllBytes(clip)[..(int)(new FileInfo(clip).Length / 2)]);
        File.WriteAllBytes(folder.File("cut.png"), File.ReadAllBytes(png)[..(int)(new FileInfo(png).Length / 2)]);
        var before = Directory.GetFiles(folder.Path).Order().ToArray();
        var scanner = new Scanner(model, FfmpegTools.Locate(), new ScanOptions());

        foreach (var name in new[] { "empty.mp4", "notes.txt", "noise.jpg", "cut.mp4", "cut.png", "missing.mp4" })
        {
            var path = folder.File(name);
            var error = await Assert.ThrowsExactlyAsync<ScanException>(() => scanner.ScanAsync(path), name);
            Assert.AreEqual(path, error.FilePath, name);
            StringAssert.StartsWith(error.Message, path + ": ", name);
            Assert.IsFalse(error.Problem.StartsWith(path, StringComparison.Ordinal), $"{name}: the path leads once, not twice: {error.Message}");
        }

        var directory = await Assert.ThrowsExactlyAsync<ScanException>(() => scanner.ScanAsync(folder.Path));
        StringAssert.Contains(directory.Problem, "directory");

        // The good files still scan with the same scanner, and nothing was left behind.
        Assert.AreEqual("video", (await scanner.ScanAsync(clip)).Report.MediaType);
        Assert.AreEqual("image", (await scanner.ScanAsync(png)).Report.MediaType);
        CollectionAssert.AreEqual(before, Directory.GetFiles(folder.Path).Order().ToArray(), "no file added");
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task AModelFailingOnTheTilesIsAScanExceptionAndStopsTheDecoding()
    {
        using var folder = new TempFolder();

        // Rows of two samples: three tiles a frame cannot be regrouped, so ONNX Runtime fails on every batch.
        var path = TinyModels.WriteWithCard(folder, "rows", TinyModels.RowMeans(Tile, 2L * 3 * Tile * Tile), CardJson.Valid(Tile));
        using var model = DetectorModel.Load(path);
        var clip = Ffmpeg.LosslessClip(folder.File("wide.mp4"), "testsrc2=s=96x32:r=10:d=3,format=rgb24");
        var scanner = new Scanner(model, FfmpegTools.Locate(), new ScanOptions { BatchSize = 1 });

        var error = await Assert.ThrowsExactlyAsync<ScanException>(() => scanner.ScanAsync(clip));

        Assert.AreEqual(clip, error.FilePath);
        Assert.IsInstanceOfType<DetectorModelException>(error.InnerException);
        StringAssert.Contains(error.Problem, "rows.onnx");
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task MissingFfmpegIsAScanExceptionSayingHowToInstallIt()
    {
        using var folder = new TempFolder();
        using var model = ColourModel.Load(folder, Tile);
        var clip = Ffmpeg.LosslessClip(folder.File("clip.mp4"), "testsrc2=s=64x64:r=10:d=1,format=rgb24");
        var scanner = new Scanner(model, tools: null, new ScanOptions());

        // No tools given: the scanner looks on PATH, which here holds no ffmpeg.
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", folder.Path);
        try
        {
            var error = await Assert.ThrowsExactlyAsync<ScanException>(() => scanner.ScanAsync(clip));
            StringAssert.Contains(error.Problem, "apt-get install");
            Assert.IsInstanceOfType<MediaException>(error.InnerException);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [TestMethod]
    public async Task CancellationStopsTheScanAndItsFfmpegs()
    {
        using var folder = new TempFolder();
        using var model = ColourModel.Load(folder, Tile);
        var clip = Ffmpeg.LosslessClip(folder.File("clip.mp4"), "testsrc2=s=640x480:r=25:d=4,format=rgb24");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        await Assert.ThrowsAsync<OperationCanceledException>(
            () => new Scanner(model, FfmpegTools.Locate(), new ScanOptions { SpreadFrames = 40 }).ScanAsync(clip, cancel.Token));
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }
}
