using System.CommandLine;
using System.CommandLine.Help;
using Verifier.Cli.Commands;

namespace Verifier.Cli;

/// <summary>
/// The <c>verifier</c> command line: builds the command tree and runs it with the contract's exit codes
/// (64 for usage errors, 70 for unexpected exceptions). Tests run it in-process with their own writers and validator.
/// </summary>
public sealed class CliApp(CliContext context)
{
    public RootCommand BuildCommand() =>
        new("Verifier: where an image or clip came from. Validates and signs C2PA Content Credentials (interoperable with c2pa-rs), scores pixels for AI origin, generates signed synthetic clips and runs the screening service")
        {
            VerifyCommand.Create(context),
            InspectCommand.Create(context),
            SignCommand.Create(context),
            BenchCommand.Create(context),
            KeysCommand.Create(context),
            ServeCommand.Create(context),
            WorkerCommand.Create(context),
            ScanCommand.Create(context),
            TrainCommand.Create(context),
            GenerateCommand.Create(context),
            EvalCommand.Create(context),
            CorpusCommand.Create(context),
            DemoCommand.Create(context),
        };

    public int Run(string[] args)
    {
        try
        {
            var parse = BuildCommand().Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
            {
                foreach (var error in parse.Errors)
                {
                    context.Error.WriteLine($"verifier: {error.Message}");
                }

                context.Error.WriteLine("Run 'verifier --help' (or 'verifier COMMAND --help') for usage.");
                return ExitCodes.Usage;
            }

            return parse.Invoke(new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"verifier: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"verifier: internal error: {Describe(e)}");
            return ExitCodes.Internal;
        }
    }

    /// <summary>An exception for the user: its message, or the whole trace when <c>VERIFIER_DEBUG=1</c>.</summary>
    public static string Describe(Exception e) =>
        Environment.GetEnvironmentVariable("VERIFIER_DEBUG") == "1" ? e.ToString() : $"{e.GetType().Name}: {e.Message}";
}
