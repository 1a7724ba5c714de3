namespace Verifier.Provenance.Validation;

/// <summary>One status entry as c2pa-rs reports it: a code, the JUMBF URI it concerns, and why.</summary>
public sealed record ValidationStatus(string Code, string? Url, string? Explanation)
{
    public StatusKind Kind => ValidationCodes.KindOf(Code);
}

/// <summary>
/// Collects the statuses of one manifest's validation in the order they were found.
/// Validation code logs into it and keeps going; the caller decides the state from what was logged.
/// </summary>
public sealed class StatusLog
{
    private readonly List<ValidationStatus> _entries = [];

    public IReadOnlyList<ValidationStatus> Entries => _entries;

    public void Add(string code, string? url = null, string? explanation = null) =>
        _entries.Add(new ValidationStatus(code, url, explanation));

    public bool Has(string code) => _entries.Exists(e => e.Code == code);

    public IEnumerable<ValidationStatus> Failures => _entries.Where(e => e.Kind == StatusKind.Failure);

    public bool HasFailures => _entries.Exists(e => e.Kind == StatusKind.Failure);
}
