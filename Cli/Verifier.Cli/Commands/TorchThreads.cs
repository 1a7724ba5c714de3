using System.CommandLine;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>--threads N</c> for the TorchSharp commands: libtorch's intra-op threads. Its default (one per core) is best on a
/// machine of one's own; on a busy shared one its threads spin-wait for each other, and 1 thread measured 16-80x faster
/// for the tiny generator here (issue 6).
/// </summary>
internal static class TorchThreads
{
    public static Option<int?> Option() => new("--threads") { Description = "CPU threads for TorchSharp (default: one per core; 1 is faster on a busy shared machine)", HelpName = "N" };

    public static void Apply(int? threads)
    {
        if (threads is { } n)
        {
            TorchSharp.torch.set_num_threads(n >= 1 ? n : throw new UsageException($"--threads {n}: must be at least 1"));
        }
    }
}
