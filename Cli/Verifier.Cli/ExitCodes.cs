using Verifier.Provenance.Validation;

namespace Verifier.Cli;

/// <summary>The command-line contract's exit codes (docs/architecture.md); several files give the highest.</summary>
public static class ExitCodes
{
    public const int Trusted = 0;
    public const int Valid = 1;
    public const int Invalid = 2;
    public const int NoManifest = 3;
    public const int Unreadable = 4;
    public const int Usage = 64;
    public const int Internal = 70;

    /// <summary><c>sign</c>: signing refused by a rule (certificate profile, key mismatch, output = input, format).</summary>
    public const int Refused = 2;

    /// <summary><c>sign</c>: reading the input or writing the output failed.</summary>
    public const int Io = 74;

    public static int For(ValidationState state) => state switch
    {
        ValidationState.Trusted => Trusted,
        ValidationState.Valid => Valid,
        ValidationState.Invalid => Invalid,
        ValidationState.NoManifest => NoManifest,
        ValidationState.Unreadable => Unreadable,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown validation state"),
    };

    /// <summary>The code for a run over several files: the highest of theirs (Trusted when there were none).</summary>
    public static int Combine(IEnumerable<int> codes) => codes.DefaultIfEmpty(Trusted).Max();
}
