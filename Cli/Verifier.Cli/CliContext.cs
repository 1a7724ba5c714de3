using Spectre.Console;
using Verifier.Provenance;
using Verifier.Provenance.Validation;
using ValidationResult = Verifier.Provenance.Validation.ValidationResult;

namespace Verifier.Cli;

/// <summary>Validates one file; <see cref="Reader.Validate"/> in the program, a stand-in in tests.</summary>
public delegate ValidationResult FileValidator(string path, VerifyOptions options);

/// <summary>What the commands write to and validate with, so that tests can run them in-process.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, FileValidator validate, bool ansi)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public FileValidator Validate { get; } = validate;

    /// <summary>Spectre output (tables, trees) over <see cref="Output"/>; plain text unless it is a terminal.</summary>
    public IAnsiConsole Console { get; } = CreateConsole(output, ansi);

    private static IAnsiConsole CreateConsole(TextWriter output, bool ansi)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });

        // Redirected output has no terminal width; wide lines keep paths and codes whole for grep and logs.
        if (!ansi)
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
