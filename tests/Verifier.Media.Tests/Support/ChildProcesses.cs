namespace Verifier.Media.Tests.Support;

/// <summary>Live ffmpeg/ffprobe processes whose parent is this test process (Linux /proc), to prove none is left behind.</summary>
internal static class ChildProcesses
{
    public static IReadOnlyList<string> FfmpegChildren()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // The process ended while being listed.
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                continue;
            }

            var comm = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length > 1 && fields[0] != "Z" && int.TryParse(fields[1], out var ppid) && ppid == Environment.ProcessId
                && comm.StartsWith("ff", StringComparison.Ordinal))
            {
                found.Add($"{comm} (pid {Path.GetFileName(dir)})");
            }
        }

        return found;
    }
}
