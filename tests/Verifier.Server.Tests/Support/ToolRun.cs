using System.Diagnostics;

namespace Verifier.Server.Tests.Support;

/// <summary>Runs a server's command-line tool to the end and fails the test with its output when it fails.</summary>
internal static class ToolRun
{
    public static void Checked(ProcessStartInfo start, string tool, IEnumerable<string> arguments)
    {
        (start.RedirectStandardOutput, start.RedirectStandardError, start.UseShellExecute) = (true, true, false);
        var list = arguments.ToList();
        foreach (var a in list)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(120_000), $"{tool} did not finish in 2 minutes");
        Assert.AreEqual(0, process.ExitCode, $"{tool} {string.Join(' ', list)} failed: {stdout.Result}{stderr.Result}");
    }
}
