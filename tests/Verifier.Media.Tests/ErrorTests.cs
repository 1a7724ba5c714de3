using Verifier.Media.Tests.Support;
using Verifier.Provenance.Tests.Support;

namespace Verifier.Media.Tests;

[TestClass]
[DoNotParallelize] // They assert that no ffmpeg child of this process is left, which a parallel test could break.
public sealed class ErrorTests
{
    private static readonly FfmpegTools Tools = FfmpegTools.Locate();

    [TestMethod]
    public void MissingFfmpegSaysHowToInstallIt()
    {
        var emptyPath = Oracle.TempDir();

        var e = Assert.ThrowsExactly<MediaException>(() => FfmpegTools.Locate(emptyPath));

        Assert.AreEqual(MediaErrorKind.ToolMissing, e.Kind);
        Assert.Contains("ffmpeg was not found", e.Message);
        Assert.Contains("apt-get install -y ffmpeg", e.Message);
    }

    [TestMethod]
    public async Task AFileThatIsNotMediaNamesTheFileAndQuotesFfprobe()
    {
        var path = Path.Combine(Oracle.TempDir(), "notes.mp4");
        await File.WriteAllTextAsync(path, "this is not a video at all");

        var e = await Assert.ThrowsExactlyAsync<MediaException>(() => new Ffprobe(Tools).ProbeAsync(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains("Invalid data found when processing input", e.Message);
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task APlaylistDisguisedAsAClipIsRefusedWithoutOpeningWhatItNames()
    {
        // Plain ffprobe reads this HLS playlist and opens the clip it names; the input policy allows no such format.
        var path = Path.Combine(Oracle.TempDir(), "playlist.mp4");
        await File.WriteAllTextAsync(path, $"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile://{MediaFiles.Cat}\n#EXT-X-ENDLIST\n");

        var e = await Assert.ThrowsExactlyAsync<MediaException>(() => new Ffprobe(Tools).ProbeAsync(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains("Format not on whitelist", e.Message);
    }

    [TestMethod]
    public async Task ATruncatedMp4IsUnreadableMedia()
    {
        // The clip's index (moov) follows its media data, so its first 100 kB hold no index.
        var path = MediaFiles.Truncated(MediaFiles.Cat, 100_000);

        var e = await Assert.ThrowsExactlyAsync<MediaException>(() => new Ffprobe(Tools).ProbeAsync(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains("moov atom not found", e.Message);
    }

    [TestMethod]
    public async Task AMissingFileIsUnreadableMediaBeforeAnyToolRuns()
    {
        var path = Path.Combine(Oracle.TempDir(), "absent.mp4");

        var e = await Assert.ThrowsExactlyAsync<MediaException>(() => new Ffprobe(Tools).ProbeAsync(path));

        Assert.AreEqual(MediaErrorKind.UnreadableMedia, e.Kind);
        Assert.Contains("no such file", e.Message);
    }

    [TestMethod]
    public async Task ARunPastItsTimeLimitIsStoppedWithNoProcessLeft()
    {
        var slow = FfmpegTools.Locate(timeout: TimeSpan.FromMilliseconds(50));
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Hamilton);

        // A full-size decode of 300 frames takes far longer than 50 ms.
        var e = await Assert.ThrowsExactlyAsync<MediaException>(
            () => new VideoDecoder(slow).DecodeAsync(clip, [new SampleRun(0, 300, false)], clip.DisplaySize));

        Assert.AreEqual(MediaErrorKind.Timeout, e.Kind);
        Assert.Contains(clip.Path, e.Message);
        Assert.Contains("did not finish within", e.Message);
        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }

    [TestMethod]
    public async Task CancellingADecodeKillsFfmpeg()
    {
        var clip = await new Ffprobe(Tools).ProbeAsync(MediaFiles.Hamilton);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<OperationCanceledException>(
            () => new VideoDecoder(Tools).DecodeAsync(clip, [new SampleRun(0, 300, false)], clip.DisplaySize, cancel.Token));

        Assert.IsEmpty(ChildProcesses.FfmpegChildren());
    }
}
