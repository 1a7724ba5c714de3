namespace Verifier.Provenance.Validation;

/// <summary>
/// One status entry as c2pa-rs reports it: a code, the JUMBF URI it concerns, why, and (when it was found while
/// validating an ingredient's manifest) the URI of that ingredient assertion.
/// </summary>
public sealed record ValidationStatus(string Code, string? Url, string? Explanation, string? IngredientUri = null)
{
    public StatusKind Kind => ValidationCodes.KindOf(Code);

    /// <summary>Same status as c2pa-rs compares them (code, URL and kind; the explanation is free text).</summary>
    public bool SameAs(string code, string? url) => Code == code && Url == url;
}

/// <summary>
/// Collects the statuses of a validation in the order they were found. Validation code logs into it and keeps going;
/// the caller decides the state from what was logged. While an ingredient is being validated, its assertion URI is
/// pushed, and every status logged meanwhile is tagged with it (these become the ingredient deltas).
/// </summary>
public sealed class StatusLog
{
    private readonly List<ValidationStatus> _entries = [];
    private readonly Stack<string> _ingredients = new();

    public IReadOnlyList<ValidationStatus> Entries => _entries;

    public void Add(string code, string? url = null, string? explanation = null) =>
        _entries.Add(new ValidationStatus(code, url, explanation, _ingredients.Count > 0 ? _ingredients.Peek() : null));

    public bool Has(string code) => _entries.Exists(e => e.Code == code);

    public IEnumerable<ValidationStatus> Failures => _entries.Where(e => e.Kind == StatusKind.Failure);

    public bool HasFailures => _entries.Exists(e => e.Kind == StatusKind.Failure);

    /// <summary>Tags what is logged until the matching <see cref="PopIngredient"/> with this ingredient assertion URI.</summary>
    public void PushIngredient(string ingredientAssertionUri) => _ingredients.Push(ingredientAssertionUri);

    public void PopIngredient() => _ingredients.Pop();
}
