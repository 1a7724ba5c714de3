using System.Diagnostics;
using System.Globalization;

namespace Verifier.Cli.Bench;

/// <summary>
/// CPU time used by this process and its finished child processes (ffmpeg), in seconds. Wall time on a shared machine
/// says more about the neighbours than about the code; CPU time divided by the cores it may use is the wall time the
/// same work would take on an idle machine of that size.
/// </summary>
public static class CpuClock
{
    // Linux's USER_HZ, the unit of /proc/PID/stat times; it is 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static double Seconds()
    {
        // Fields after the command name (which may hold spaces, hence the last ')'): utime stime cutime cstime are 14-17.
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return Enumerable.Range(11, 4).Sum(i => double.Parse(fields[i], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Elsewhere, the process's own time: children are then not counted.
            return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        }
    }
}
