using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Verifier.Media;

/// <summary>
/// One ffmpeg/ffprobe child process with its pipes. stderr is drained in the background (keeping only its tail, so a
/// chatty tool can neither block on a full pipe nor grow memory); disposing kills the whole process tree if it still runs.
/// </summary>
internal sealed class ToolProcess : IDisposable
{
    private const int StderrTailChars = 4096;

    private readonly Process process;
    private readonly StringBuilder stderrTail = new();
    private readonly Task stderrDrain;

    private ToolProcess(Process process)
    {
        this.process = process;
        stderrDrain = DrainStderrAsync();
    }

    public string ToolName => Path.GetFileName(process.StartInfo.FileName);

    public Stream Output => process.StandardOutput.BaseStream;

    public Stream Input => process.StandardInput.BaseStream;

    public static ToolProcess Start(string executable, IEnumerable<string> arguments, bool writesInput)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = writesInput,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return new ToolProcess(Process.Start(info) ?? throw new Win32Exception($"{executable} did not start"));
        }
        catch (Win32Exception e)
        {
            throw new MediaException(
                MediaErrorKind.ToolMissing,
                $"{Path.GetFileName(executable)} could not be started ({e.Message}); {FfmpegTools.InstallHint}.",
                e);
        }
    }

    /// <summary>Kills the tree when <paramref name="token"/> fires, which also ends any pending pipe read or write.</summary>
    public CancellationTokenRegistration KillOn(CancellationToken token) => token.Register(Kill);

    /// <summary>Waits for the exit and for stderr to be drained; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken token)
    {
        await process.WaitForExitAsync(token).ConfigureAwait(false);
        await stderrDrain.WaitAsync(token).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>The last lines ffmpeg wrote to stderr, on one line, or a note that it wrote none.</summary>
    public string StderrTail()
    {
        lock (stderrTail)
        {
            var text = stderrTail.ToString().Trim().ReplaceLineEndings("; ");
            return text.Length > 0 ? text : "(no message)";
        }
    }

    public void Dispose()
    {
        Kill();
        process.WaitForExit(5000);
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing is left to stop.
        }
    }

    private async Task DrainStderrAsync()
    {
        var buffer = new char[1024];
        var reader = process.StandardError;
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (stderrTail)
            {
                stderrTail.Append(buffer, 0, read);
                if (stderrTail.Length > StderrTailChars)
                {
                    stderrTail.Remove(0, stderrTail.Length - StderrTailChars);
                }
            }
        }
    }
}
