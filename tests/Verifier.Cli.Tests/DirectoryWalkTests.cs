using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

[TestClass]
public sealed class DirectoryWalkTests
{
    [TestMethod]
    public void DirectoryYieldsItsMediaFilesRecursivelyInOrder()
    {
        var dir = Temp.Dir();
        var expected = new[]
        {
            Temp.File(dir, "a.jpg"), Temp.File(dir, "b.PNG"), Temp.File(dir, "c.webp"), Temp.File(dir, "d.c2pa"),
            Temp.File(dir, "e.wav"), Temp.File(dir, "f.avi"), Temp.File(dir, Path.Combine("sub", "g.mp4")),
            Temp.File(dir, Path.Combine("sub", "h.heic")),
        };
        Temp.File(dir, "notes.txt");
        Temp.File(dir, "root.pem");
        Temp.File(dir, "README.md");

        var run = new CliRun().Run("verify", dir);

        CollectionAssert.AreEqual(expected.Order(StringComparer.Ordinal).ToArray(), run.Calls.Select(c => c.Path).ToArray());
        Assert.AreEqual(0, run.ExitCode);
    }

    [TestMethod]
    public void FilesAndDirectoriesMixInArgumentOrder()
    {
        var dir = Temp.Dir();
        var inside = Temp.File(dir, Path.Combine("d", "x.mov"));
        var single = Temp.File(dir, "z.m4a");

        var run = new CliRun().Run("verify", single, Path.Combine(dir, "d"));

        CollectionAssert.AreEqual(new[] { single, inside }, run.Calls.Select(c => c.Path).ToArray());
    }

    [TestMethod]
    public void DirectoryWithoutMediaIsAUsageError()
    {
        var dir = Temp.Dir();
        Temp.File(dir, "notes.txt");

        var run = new CliRun().Run("verify", dir);

        Assert.AreEqual(64, run.ExitCode);
        StringAssert.Contains(run.Error, "no media files");
    }
}
