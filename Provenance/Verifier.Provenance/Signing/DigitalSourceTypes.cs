namespace Verifier.Provenance.Signing;

/// <summary>Expands a digital source type given as a term (<c>trainedAlgorithmicMedia</c>) to its IPTC or C2PA URI.</summary>
public static class DigitalSourceTypes
{
    public const string IptcPrefix = "http://cv.iptc.org/newscodes/digitalsourcetype/";
    public const string C2paPrefix = "http://c2pa.org/digitalsourcetype/";

    /// <summary>What c2pa-rs's builder writes on an automatic <c>c2pa.created</c> when no source type is given.</summary>
    public const string Empty = C2paPrefix + "empty";

    private static readonly HashSet<string> IptcTerms = new(StringComparer.Ordinal)
    {
        "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia", "compositeSynthetic",
        "algorithmicallyEnhanced", "digitalCapture", "computationalCapture", "negativeFilm", "positiveFilm", "print",
        "minorHumanEdits", "humanEdits", "softwareImage", "digitalArt", "digitalCreation", "dataDrivenMedia",
        "screenCapture", "virtualRecording", "composite", "compositeCapture",
    };

    private static readonly HashSet<string> C2paTerms = new(StringComparer.Ordinal) { "trainedAlgorithmicData", "empty" };

    /// <summary>The URI for a known term, the value itself when it is already an absolute URI, else null.</summary>
    public static string? Resolve(string termOrUri)
    {
        if (IptcTerms.Contains(termOrUri))
        {
            return IptcPrefix + termOrUri;
        }

        if (C2paTerms.Contains(termOrUri))
        {
            return C2paPrefix + termOrUri;
        }

        return Uri.TryCreate(termOrUri, UriKind.Absolute, out _) ? termOrUri : null;
    }
}
