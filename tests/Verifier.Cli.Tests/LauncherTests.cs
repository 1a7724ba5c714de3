using System.Text.Json;
using Verifier.Cli.Tests.Support;

namespace Verifier.Cli.Tests;

/// <summary>End to end through <c>./verifier</c>: builds if needed, runs from any directory, passes arguments and exit codes.</summary>
[TestClass]
public sealed class LauncherTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void LauncherRunsTheCliFromAnotherDirectory()
    {
        var elsewhere = Temp.Dir();

        var missing = Launcher.Run(elsewhere, "verify", "--json", "no-such-file.jpg");
        Assert.AreEqual(4, missing.ExitCode, missing.Error);
        using (var json = JsonDocument.Parse(missing.Output.Trim()))
        {
            Assert.AreEqual("Unreadable", json.RootElement.GetProperty("validation_state").GetString());
            StringAssert.Contains(json.RootElement.GetProperty("error").GetString(), "no-such-file.jpg");
        }

        var usage = Launcher.Run(elsewhere, "verify");
        Assert.AreEqual(64, usage.ExitCode);
        StringAssert.Contains(usage.Error, "FILE");
        Assert.IsFalse(usage.Error.Contains("building", StringComparison.Ordinal), "no build when nothing changed");
    }
}
