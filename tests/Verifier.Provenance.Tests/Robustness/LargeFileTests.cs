using System.Buffers.Binary;
using System.Diagnostics;
using Verifier.Provenance.Tests.Interop;
using Verifier.Provenance.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Provenance.Tests.Robustness;

/// <summary>
/// A 250 MB MP4 (a real clip's ftyp + moov, then a pseudo-random mdat), signed by c2pa-rs: Verifier must stream it,
/// reaching c2pa-rs's verdict while allocating and holding far less than the file's size.
/// </summary>
[TestClass]
public sealed class LargeFileTests
{
    private const long MdatPayload = 250L * 1024 * 1024;

    [TestMethod]
    [TestCategory("Large")]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void LargeSignedMp4IsValidatedInBoundedMemory()
    {
        var dir = Oracle.TempDir();
        try
        {
            var unsigned = Path.Combine(dir, "big.mp4");
            var signed = Path.Combine(dir, "big-signed.mp4");
            WriteLargeMp4(Path.Combine(SharedFolder.Data, "real", "video", "fomm_demo_10.mp4"), unsigned);
            Oracle.Instance.Sign(unsigned, signed);
            File.Delete(unsigned);
            var expected = Oracle.Instance.Verify(signed, "--trust", Oracle.Instance.RootPem);

            var options = new VerifyOptions { Trust = TestTrust.Anchors(Oracle.Instance.RootPem) };
            Reader.Validate(Path.Combine(SharedFolder.Fixtures, "libpng-test.png"), options); // load code paths before measuring
            GC.Collect();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var actual = Reader.Validate(signed, options);
            clock.Stop();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            Agreement.AssertSame(signed, expected, actual);
            Assert.AreEqual(ValidationState.Trusted, actual.State, Agreement.Describe(actual));
            long size = new FileInfo(signed).Length;
            Assert.IsLessThan(size / 16, allocated, $"validating {size} bytes allocated {allocated} bytes");
            // The process's peak working set belongs to every test in this host, so the bound is on what this validation
            // allocated; bench/sign-verify-2gb.sh measures a whole CLI process's peak on a 2 GB file.
            Console.WriteLine($"{size} bytes validated in {clock.Elapsed.TotalSeconds:F1} s, {allocated} bytes allocated");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>ftyp and moov of <paramref name="source"/>, then one mdat of seeded pseudo-random bytes written in chunks.</summary>
    private static void WriteLargeMp4(string source, string target)
    {
        var bytes = File.ReadAllBytes(source);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        foreach (var keep in new[] { "ftyp", "moov" })
        {
            output.Write(TopLevelBox(bytes, keep));
        }

        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, checked((uint)(MdatPayload + 8)));
        "mdat"u8.CopyTo(header.AsSpan(4));
        output.Write(header);
        var random = new Random(42);
        var chunk = new byte[1 << 20];
        for (long written = 0; written < MdatPayload; written += chunk.Length)
        {
            random.NextBytes(chunk);
            output.Write(chunk);
        }
    }

    private static ReadOnlySpan<byte> TopLevelBox(byte[] file, string type)
    {
        for (int at = 0; at + 8 <= file.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            if (System.Text.Encoding.ASCII.GetString(file, at + 4, 4) == type)
            {
                return file.AsSpan(at, size);
            }

            at += size;
        }

        throw new AssertFailedException($"no top-level {type} box");
    }
}
