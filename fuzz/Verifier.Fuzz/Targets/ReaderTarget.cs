using Verifier.Provenance;
using Verifier.Provenance.Validation;

namespace Verifier.Fuzz.Targets;

/// <summary>
/// The whole reader on a file's bytes: format detection, store location, JUMBF, claims, signatures and bindings, read
/// from memory. The name it is given lies in a folder that does not exist, so no sidecar beside it is ever picked up.
/// Its contract: never throw, and Unreadable always says why.
/// </summary>
public static class ReaderTarget
{
    private static readonly string InputName = Path.Combine(Path.GetTempPath(), "verifier-fuzz-no-such-folder", "input");

    public static FuzzTarget Validate { get; } = new("validate", "Reader.Validate on the bytes of a whole file (any format)", input =>
    {
        using var asset = new MemoryStream(input, writable: false);
        var result = Reader.Validate(asset, InputName);
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
