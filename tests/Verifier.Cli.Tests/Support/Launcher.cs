using System.Diagnostics;

namespace Verifier.Cli.Tests.Support;

/// <summary>Runs <c>./verifier</c> (the launcher at the repository root) as a child process.</summary>
internal static class Launcher
{
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(RepoRoot.Path, "verifier"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("bash could not be started");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        // The first call may build the CLI in Release.
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("./verifier took over 5 minutes");
        }

        return (process.ExitCode, output, error.Result);
    }
}
