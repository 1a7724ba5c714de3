using SkiaSharp;
using Verifier.Detector.Training.Evaluation;
using Verifier.Detector.Training.Tests.Support;
using Verifier.Media;

namespace Verifier.Detector.Training.Tests.Evaluation;

/// <summary>The metadata reader of a LOFO run reads each file once, and a bad file fails alike every time.</summary>
[TestClass]
public sealed class FileMetadataReaderTests
{
    [TestMethod]
    public async Task AFileIsReadOnceAndABadOneFailsAlikeEachTime()
    {
        using var temp = new TempFolder();
        var (still, broken) = (temp.File("a.png"), temp.File("b.png"));
        using (var bitmap = new SKBitmap(48, 32))
        using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
        {
            File.WriteAllBytes(still, data.ToArray());
        }

        File.WriteAllBytes(broken, [1, 2, 3]);
        var reader = new FileMetadataReader(FfmpegTools.Locate());

        var first = await reader.ReadAsync(still, CancellationToken.None);
        File.Delete(still);
        var again = await reader.ReadAsync(still, CancellationToken.None);

        Assert.AreEqual((48, 32), (first.Width, first.Height));
        Assert.AreSame(first, again, "the second ask is answered from the first read, not from the (now deleted) file");
        var failure = await Assert.ThrowsExactlyAsync<MediaException>(() => reader.ReadAsync(broken, CancellationToken.None));
        var repeat = await Assert.ThrowsExactlyAsync<MediaException>(() => reader.ReadAsync(broken, CancellationToken.None));
        Assert.AreEqual(failure.Message, repeat.Message);
        Assert.AreEqual(failure.Kind, repeat.Kind);
    }
}
