using Verifier.Provenance.Validation;

namespace Verifier.Cli.Output;

/// <summary>The default output: one sentence per file, then its failures in plain words.</summary>
public static class HumanReport
{
    /// <summary>The verdict sentence, e.g. "Trusted: signed by CN (O) with Es256 on ...; declared AI-generated (...)".</summary>
    public static string Sentence(ValidationResult result) => result.State switch
    {
        ValidationState.Trusted => $"Trusted: {Signed(result)}",
        ValidationState.Valid when result.Codes(StatusKind.Failure).Contains(ValidationCodes.SigningCredentialUntrusted) =>
            $"Valid, but the signer is not on your trust list: {Signed(result)}",
        ValidationState.Valid => $"Valid, but an ingredient's signer is not on your trust list: {Signed(result)}",
        ValidationState.Invalid => $"Invalid: {string.Join("; ", DistinctWords(result))}",
        ValidationState.NoManifest => "No Content Credentials",
        ValidationState.Unreadable => $"Unreadable: {Printable.Clean(result.Error ?? "unknown reason")}",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.State, "unknown validation state"),
    };

    /// <summary>
    /// The failures as lines ("- words (code)"), the ingredients' after the manifest's; the untrusted signer is left
    /// out of a Valid result, whose sentence already says it.
    /// </summary>
    public static IReadOnlyList<string> FailureLines(ValidationResult result)
    {
        var lines = new List<string>();
        foreach (var code in result.Codes(StatusKind.Failure))
        {
            if (!(result.State == ValidationState.Valid && code == ValidationCodes.SigningCredentialUntrusted))
            {
                lines.Add($"- {FailureWording.Describe(code)} ({code})");
            }
        }

        foreach (var delta in result.IngredientDeltas)
        {
            foreach (var code in delta.Failure.Distinct())
            {
                lines.Add($"- ingredient {Printable.Clean(delta.Ingredient)}: {FailureWording.Describe(code)} ({code})");
            }
        }

        return lines;
    }

    private static IEnumerable<string> DistinctWords(ValidationResult result)
    {
        var words = result.Codes(StatusKind.Failure).Select(FailureWording.Describe)
            .Concat(result.IngredientDeltas.SelectMany(d => d.Failure).Select(c => "ingredient: " + FailureWording.Describe(c)))
            .Distinct()
            .ToList();
        return words.Count > 0 ? words : ["a check failed"];
    }

    private static string Signed(ValidationResult result)
    {
        var signer = result.Manifests.FirstOrDefault(m => m.Label == result.ActiveManifest)?.Signer;
        var text = signer?.CommonName is { } cn ? $"signed by {Printable.Clean(cn)}" : "signed by an unnamed signer";
        if (signer?.Organization is { } organization)
        {
            text += $" ({Printable.Clean(organization)})";
        }

        if (signer?.Alg is { } alg)
        {
            text += $" with {Printable.Clean(alg)}";
        }

        if (signer?.Time is { } time)
        {
            text += $" on {Printable.Time(time)}";
        }

        return result.DigitalSourceTypes.Count == 0
            ? text
            : text + "; " + string.Join(", ", result.DigitalSourceTypes.Select(uri => Printable.Clean(SourceTypeWording.Describe(uri))));
    }
}
