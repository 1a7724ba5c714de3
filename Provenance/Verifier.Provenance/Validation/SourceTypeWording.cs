namespace Verifier.Provenance.Validation;

/// <summary>
/// What a declared IPTC digital source type says, in a few words. The term is the manifest's own text: callers clean
/// or escape the result for where they show it (a terminal, an HTML page).
/// </summary>
public static class SourceTypeWording
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["trainedAlgorithmicMedia"] = "declared AI-generated",
        ["compositeWithTrainedAlgorithmicMedia"] = "declared partly AI-generated",
        ["algorithmicallyEnhanced"] = "declared AI-enhanced",
        ["compositeSynthetic"] = "declared a composite with synthetic parts",
        ["algorithmicMedia"] = "declared computer-generated",
        ["digitalCapture"] = "declared a camera capture",
        ["computationalCapture"] = "declared a computational camera capture",
        ["negativeFilm"] = "declared a film scan",
        ["positiveFilm"] = "declared a film scan",
        ["print"] = "declared a scan of a print",
        ["humanEdits"] = "declared human-edited",
        ["composite"] = "declared a composite",
        ["screenCapture"] = "declared a screen capture",
        ["virtualRecording"] = "declared a virtual recording",
        ["digitalCreation"] = "declared a digital creation",
    };

    /// <summary>E.g. "declared AI-generated (trainedAlgorithmicMedia)" for the IPTC URI of that term.</summary>
    public static string Describe(string uri)
    {
        var term = uri[(uri.LastIndexOf('/') + 1)..];
        return Words.TryGetValue(term, out var words) ? $"{words} ({term})" : $"source type {term}";
    }
}
