using Verifier.Provenance;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Tests.Support;

/// <summary>Runs the CLI in-process with captured output and a stand-in validator that records its calls.</summary>
internal sealed class CliRun
{
    private readonly Func<string, VerifyOptions, ValidationResult> _answer;

    public CliRun(Func<string, VerifyOptions, ValidationResult>? answer = null) =>
        _answer = answer ?? ((path, _) => Results.Trusted(path));

    /// <summary>Answers every file with <paramref name="answer"/>(path), e.g. <c>Results.Invalid</c>.</summary>
    public CliRun(Func<string, ValidationResult> answer)
        : this((path, _) => answer(path))
    {
    }

    public List<(string Path, VerifyOptions Options)> Calls { get; } = [];

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = string.Empty;

    public string Error { get; private set; } = string.Empty;

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public CliRun Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Validate, ansi: false);
        ExitCode = new CliApp(context).Run(args);
        Output = output.ToString();
        Error = error.ToString();
        return this;
    }

    private ValidationResult Validate(string path, VerifyOptions options)
    {
        Calls.Add((path, options));
        return _answer(path, options);
    }
}
