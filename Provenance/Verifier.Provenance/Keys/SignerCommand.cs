using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Verifier.Provenance.Keys;

/// <summary>
/// Runs a <c>--signer-cmd</c> command line through the shell with bounded output and a time limit, so that a hung or
/// chatty signer program fails clearly instead of hanging <c>verifier sign</c>.
/// </summary>
internal sealed class SignerCommand(string commandLine, TimeSpan timeout)
{
    /// <summary>Certificate chains and signatures are kilobytes; more output than this is not an answer.</summary>
    public const int MaxOutputBytes = 1 << 20;

    private const int StderrTailChars = 2000;

    public string CommandLine { get; } = commandLine;

    /// <summary>Runs the command with <paramref name="extraArgument"/> appended, <paramref name="stdin"/> as its input; returns stdout.</summary>
    public byte[] Run(string? extraArgument, ReadOnlySpan<byte> stdin)
    {
        var line = extraArgument is null ? CommandLine : $"{CommandLine} {extraArgument}";
        var psi = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe") : new ProcessStartInfo("/bin/sh");
        psi.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
        psi.ArgumentList.Add(line);
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.UseShellExecute = false;

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new SignerException($"signer command '{line}' could not be started");
        }
        catch (Win32Exception e)
        {
            throw new SignerException($"signer command '{line}' could not be started: {e.Message}", e);
        }

        using (process)
        {
            var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream);
            var stderr = TailAsync(process.StandardError);
            try
            {
                process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading its input; its exit status and stderr say why.
            }

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new SignerException($"signer command '{line}' did not finish within {timeout.TotalSeconds:0.#} s");
            }

            process.WaitForExit();
            var err = Tail(stderr);
            if (process.ExitCode != 0)
            {
                throw new SignerException($"signer command '{line}' failed with exit status {process.ExitCode}{(err.Length > 0 ? ": " + err : "")}");
            }

            return stdout.GetAwaiter().GetResult()
                ?? throw new SignerException($"signer command '{line}' wrote more than {MaxOutputBytes} bytes");
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        bool overflow = false;
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            // Keep draining past the cap so that the program is not blocked on a full pipe.
            overflow |= buffer.Length + read > MaxOutputBytes;
            if (!overflow)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        return overflow ? null : buffer.ToArray();
    }

    /// <summary>Reads all of stderr but keeps only its end: enough to say why, whatever the program prints.</summary>
    private static async Task<string> TailAsync(StreamReader reader)
    {
        var tail = new StringBuilder();
        var chunk = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            tail.Append(chunk, 0, read);
            if (tail.Length > 2 * StderrTailChars)
            {
                tail.Remove(0, tail.Length - StderrTailChars);
            }
        }

        return tail.ToString();
    }

    private static string Tail(Task<string> stderr)
    {
        var text = (stderr.Wait(TimeSpan.FromSeconds(5)) ? stderr.Result : "").Trim();
        text = text.Length > StderrTailChars ? "..." + text[^StderrTailChars..] : text;
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) && c != '\n' ? ' ' : c);
        }

        return clean.ToString();
    }
}
