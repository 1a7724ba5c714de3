using Verifier.Provenance.Formats;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Formats;

/// <summary>
/// Truncated and corrupted copies of signed files: every handler must answer with a location or a
/// <see cref="ProvenanceReadException"/>, never another exception, and quickly.
/// </summary>
[TestClass]
public sealed class HostileInputTests
{
    [TestMethod]
    [DataRow("jpg")]
    [DataRow("multi.jpg")]
    [DataRow("png")]
    [DataRow("webp")]
    [DataRow("wav")]
    [DataRow("tif")]
    [DataRow("mp3")]
    [DataRow("gif")]
    [DataRow("svg")]
    [DataRow("flac")]
    [DataRow("jxl")]
    [DataRow("pdf")]
    [DataRow("xs.pdf")]
    public void TruncationsAndCorruptionsFailCleanly(string sample)
    {
        var bytes = File.ReadAllBytes(SignedSamples.Path(sample));
        var random = new Random(1234);
        var started = DateTime.UtcNow;
        for (int i = 0; i < 200; i++)
        {
            var copy = i % 2 == 0 ? bytes[..random.Next(bytes.Length)] : Corrupt(bytes, random);
            Probe(copy);
        }

        Assert.IsLessThan(TimeSpan.FromSeconds(20), DateTime.UtcNow - started);
    }

    private static byte[] Corrupt(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        int flips = random.Next(1, 8);
        for (int f = 0; f < flips; f++)
        {
            // Mostly in the first kilobytes, where the container framing lives.
            int at = random.Next(2) == 0 ? random.Next(Math.Min(copy.Length, 4096)) : random.Next(copy.Length);
            copy[at] = (byte)random.Next(256);
        }

        return copy;
    }

    private static void Probe(byte[] copy)
    {
        var stream = new MemoryStream(copy);
        var handler = AssetHandlers.Detect(stream);
        if (handler is null)
        {
            return;
        }

        try
        {
            handler.Locate(stream);
            if (handler is IBoxMapProvider boxes)
            {
                boxes.GetBoxMap(stream);
            }
        }
        catch (ProvenanceReadException)
        {
            // a clear reader-level error is an acceptable answer
        }
    }
}
