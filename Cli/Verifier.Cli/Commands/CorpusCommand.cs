using System.CommandLine;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier corpus ...</c>: commands that make training corpora from others.</summary>
public static class CorpusCommand
{
    public static Command Create(CliContext context) =>
        new("corpus", "Make training corpora from others") { CorpusFakesCommand.Create(context) };
}
