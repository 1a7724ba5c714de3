using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Provenance;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier inspect FILE</c>: a tree of the manifests, their assertions, actions and ingredients.</summary>
public static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The file whose manifests to show" };
        var trust = new TrustOptions();
        var command = new Command("inspect", "Show the manifests of a file as a tree") { file };
        trust.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(file);
            var result = FileVerification.Run(context, path, new VerifyOptions { Trust = trust.Settings(parse) });
            if (result.Manifests.Count == 0)
            {
                context.Output.WriteLine($"{Printable.Clean(path)}: {HumanReport.Sentence(result)}");
            }
            else
            {
                context.Console.Write(ManifestTree.Build(result));
            }

            return ExitCodes.For(result.State);
        });
        return command;
    }
}
