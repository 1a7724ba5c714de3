using System.CommandLine;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier corpus ...</c>: commands that derive training corpora from corpora.</summary>
public static class CorpusCommand
{
    public static Command Create(CliContext context) =>
        new("corpus", "Derive training corpora from MANIFEST.tsv or real/ + ai/ corpora")
        {
            CorpusNormaliseCommand.Create(context),
            CorpusFakesCommand.Create(context),
        };
}
