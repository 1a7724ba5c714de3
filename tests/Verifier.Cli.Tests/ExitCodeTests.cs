using Verifier.Cli.Tests.Support;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Tests;

[TestClass]
public sealed class ExitCodeTests
{
    [TestMethod]
    [DataRow(ValidationState.Trusted, 0)]
    [DataRow(ValidationState.Valid, 1)]
    [DataRow(ValidationState.Invalid, 2)]
    [DataRow(ValidationState.NoManifest, 3)]
    [DataRow(ValidationState.Unreadable, 4)]
    public void EachStateHasTheContractCode(ValidationState state, int code) => Assert.AreEqual(code, ExitCodes.For(state));

    [TestMethod]
    public void SeveralFilesGiveTheHighestCode()
    {
        Assert.AreEqual(2, ExitCodes.Combine([0, 2, 1]));
        Assert.AreEqual(70, ExitCodes.Combine([4, 70, 0]));
        Assert.AreEqual(0, ExitCodes.Combine([]));
    }

    [TestMethod]
    public void VerifyOfSeveralFilesExitsWithTheWorstState()
    {
        var run = new CliRun((path, _) => path.EndsWith("bad.jpg", StringComparison.Ordinal) ? Results.Invalid(path) : Results.Valid(path));
        var dir = Temp.Dir();
        var good = Temp.File(dir, "good.jpg");
        var bad = Temp.File(dir, "bad.jpg");

        Assert.AreEqual(2, run.Run("verify", good, bad).ExitCode);
        Assert.AreEqual(1, run.Run("verify", good).ExitCode);
    }

    [TestMethod]
    public void MissingFileIsUnreadableNamingTheFile()
    {
        var run = new CliRun().Run("verify", "/no/such/file.jpg");

        Assert.AreEqual(4, run.ExitCode);
        StringAssert.Contains(run.Output, "Unreadable: file not found: /no/such/file.jpg");
        Assert.AreEqual(0, run.Calls.Count, "the validator must not be asked about a file that does not exist");
    }

    [TestMethod]
    public void ReaderErrorIsUnreadableWithItsC2paName()
    {
        var file = Temp.File(Temp.Dir(), "broken.jpg");
        var run = new CliRun((_, _) => throw new ProvenanceReadException(ReadError.JumbfParseError, "superbox length beyond the data"))
            .Run("verify", "--json", file);

        Assert.AreEqual(4, run.ExitCode);
        StringAssert.Contains(run.Output, "\"error\":\"JumbfParseError: superbox length beyond the data\"");
    }

    [TestMethod]
    public void VerifierDebugShowsTheStackTrace()
    {
        var file = Temp.File(Temp.Dir(), "boom.jpg");
        Environment.SetEnvironmentVariable("VERIFIER_DEBUG", "1");
        try
        {
            var run = new CliRun((_, _) => throw new InvalidOperationException("index out of range in the claim")).Run("verify", file);

            Assert.AreEqual(70, run.ExitCode);
            StringAssert.Contains(run.Error, "   at ");
        }
        finally
        {
            Environment.SetEnvironmentVariable("VERIFIER_DEBUG", null);
        }
    }

    [TestMethod]
    public void UnexpectedExceptionExits70WithAMessageAndNoStackTrace()
    {
        var dir = Temp.Dir();
        var run = new CliRun((path, _) => path.EndsWith("boom.jpg", StringComparison.Ordinal)
                ? throw new InvalidOperationException("index out of range in the claim")
                : Results.Trusted(path))
            .Run("verify", Temp.File(dir, "boom.jpg"), Temp.File(dir, "fine.jpg"));

        Assert.AreEqual(70, run.ExitCode);
        StringAssert.Contains(run.Error, "internal error while verifying");
        StringAssert.Contains(run.Error, "index out of range in the claim");
        Assert.IsFalse(run.Error.Contains("   at ", StringComparison.Ordinal), "no stack trace without VERIFIER_DEBUG=1");
        StringAssert.Contains(run.Output, "fine.jpg: Trusted", "the other files are still verified");
    }
}
