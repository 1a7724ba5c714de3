using System.Diagnostics;
using System.Text;

namespace Verifier.Server.Tests.Support;

/// <summary>A <c>verifier worker</c> child process (the CLI built beside the tests), its output kept for failure messages.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public WorkerProcess(string postgres, string rabbitmq, string model, string dataFolder, int leaseSeconds)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "verifier"))
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "worker", "--postgres", postgres, "--rabbitmq", rabbitmq, "--model", model, "--data", dataFolder, "--lease-seconds", leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgement, no store update; the broker sees the connection drop.</summary>
    public void KillHard()
    {
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
