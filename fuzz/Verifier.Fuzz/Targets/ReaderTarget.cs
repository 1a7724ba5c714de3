using Verifier.Provenance;
using Verifier.Provenance.Validation;

namespace Verifier.Fuzz.Targets;

/// <summary>
/// The whole reader on a file's bytes: format detection, store location, JUMBF, claims, signatures and bindings.
/// <see cref="Reader.Validate"/> reads a path, so each input is written to one scratch file in the temp folder (run.sh
/// points TMPDIR at a tmpfs folder it removes, as afl-fuzz kills the process) that is reused across executions and
/// deleted at a normal exit. Its contract: never throw, and Unreadable always says why.
/// </summary>
public static class ReaderTarget
{
    private static readonly Lazy<string> Scratch = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"verifier-fuzz-{Environment.ProcessId}.bin");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    public static FuzzTarget Validate { get; } = new("validate", "Reader.Validate on the bytes of a whole file (any format)", input =>
    {
        File.WriteAllBytes(Scratch.Value, input);
        var result = Reader.Validate(Scratch.Value);
        if (!Enum.IsDefined(result.State))
        {
            throw new ContractViolationException($"undefined validation state {result.State}");
        }

        if (result.State == ValidationState.Unreadable && (string.IsNullOrWhiteSpace(result.Error) || result.ErrorKind is null))
        {
            throw new ContractViolationException("Unreadable without an error and its kind");
        }
    }, FuzzTarget.Never);
}
