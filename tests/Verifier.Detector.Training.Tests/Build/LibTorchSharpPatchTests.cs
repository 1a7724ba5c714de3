using System.Diagnostics;
using System.Reflection;
using TorchSharp;
using Verifier.Detector.Training.Build;
using Verifier.Detector.Training.Tests.Support;

namespace Verifier.Detector.Training.Tests.Build;

/// <summary>
/// The build step that marks libLibTorchSharp.so's GLIBCXX_3.4.32 requirement weak: binutils' readelf (an
/// independent reader) sees the flag change on that one entry only, a second pass changes nothing, and the
/// patched copy in this test's output loads libtorch.
/// </summary>
[TestClass]
public sealed class LibTorchSharpPatchTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [TestMethod]
    public void PatchedOutputCopyLoadsAndComputes()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.IsTrue(File.Exists(output), $"{output} was not copied to the test output");
        Assert.AreEqual("WEAK", ReadElfFlags(output)[Version], "the build left the output copy unpatched");

        using var ones = torch.ones(2, 3);
        Assert.AreEqual(6f, ones.sum().item<float>());
    }

    [TestMethod]
    public void MarksOnlyThatRequirementWeakAndASecondPassIsANoOp()
    {
        using var temp = new TempFolder();
        var copy = temp.File("libLibTorchSharp.so");
        File.Copy(Path.Combine(PackageNativeFolder(), "libLibTorchSharp.so"), copy);
        var before = ReadElfFlags(copy);
        var original = File.ReadAllBytes(copy);
        Assert.AreEqual("none", before[Version], "the package's library is expected to ask for GLIBCXX_3.4.32 strongly");

        Assert.AreEqual(ElfWeakVersionResult.Patched, ElfWeakVersion.MarkWeak(copy, Version));
        var patched = File.ReadAllBytes(copy);
        var after = ReadElfFlags(copy);
        Assert.AreEqual("WEAK", after[Version]);
        foreach (var (name, flags) in before.Where(entry => entry.Key != Version))
        {
            Assert.AreEqual(flags, after[name], $"{name} changed");
        }

        Assert.AreEqual(original.Length, patched.Length);
        Assert.AreEqual(1, original.Zip(patched).Count(pair => pair.First != pair.Second), "exactly one byte (the flags' low byte) changes");

        Assert.AreEqual(ElfWeakVersionResult.AlreadyWeak, ElfWeakVersion.MarkWeak(copy, Version));
        CollectionAssert.AreEqual(patched, File.ReadAllBytes(copy), "a second pass must not change the file");
        Assert.IsFalse(File.Exists(copy + ".weak-patch.tmp"), "no temporary file is left behind");
    }

    [TestMethod]
    public void AnAbsentVersionIsNotRequiredAndLeavesTheFileAlone()
    {
        using var temp = new TempFolder();
        var copy = temp.File("libLibTorchSharp.so");
        File.Copy(Path.Combine(PackageNativeFolder(), "libLibTorchSharp.so"), copy);
        var original = File.ReadAllBytes(copy);

        Assert.AreEqual(ElfWeakVersionResult.NotRequired, ElfWeakVersion.MarkWeak(copy, "GLIBCXX_9.9.99"));
        CollectionAssert.AreEqual(original, File.ReadAllBytes(copy));
    }

    [TestMethod]
    public void NonElfAndTruncatedFilesAreRefusedByName()
    {
        using var temp = new TempFolder();
        var text = temp.File("not-elf.so");
        File.WriteAllText(text, "this is not a shared object, only some text long enough to pass the size check......");
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ElfWeakVersion.MarkWeak(text, Version));
        StringAssert.Contains(error.Message, text);

        var truncated = temp.File("truncated.so");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Path.Combine(PackageNativeFolder(), "libLibTorchSharp.so")).AsSpan(0, 4096).ToArray());
        error = Assert.ThrowsExactly<InvalidDataException>(() => ElfWeakVersion.MarkWeak(truncated, Version));
        StringAssert.Contains(error.Message, truncated);
    }

    private static string PackageNativeFolder() =>
        typeof(LibTorchSharpPatchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TorchSharpNativeFolder").Value!;

    /// <summary>Version-need name -> flags ("none", "WEAK", ...) as `readelf -V` prints them.</summary>
    private static Dictionary<string, string> ReadElfFlags(string path)
    {
        var start = new ProcessStartInfo("readelf", ["-V", "-W", path]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, "readelf failed");
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var inNeeds = false;
        foreach (var line in text.Split('\n'))
        {
            inNeeds |= line.Contains("Version needs section", StringComparison.Ordinal);
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = Array.IndexOf(parts, "Name:");
            var flag = Array.IndexOf(parts, "Flags:");
            if (inNeeds && name >= 0 && flag > name)
            {
                flags[parts[name + 1]] = parts[flag + 1];
            }
        }

        return flags;
    }
}
