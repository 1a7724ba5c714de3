using Verifier.Detector.Reports;
using Verifier.Provenance.Validation;

namespace Verifier.Cli.Output;

/// <summary><c>scan</c>'s human output: per file, the verdict in words with p_ai, the strongest seconds and the provenance.</summary>
public static class ScanWording
{
    private const int StrongestSeconds = 3;

    /// <summary>The lines for one scanned file: "FILE: likely AI-made (p_ai 0.93)", then what supports it.</summary>
    public static IReadOnlyList<string> Lines(ScanReport report)
    {
        List<string> lines = [$"{Printable.Clean(report.File)}: {Verdict(report.Verdict)} (p_ai {report.ProbabilityOfAi:0.00})"];
        if (report.Segments.Count > 0)
        {
            var strongest = report.Segments.OrderByDescending(s => s.ProbabilityOfAi).ThenBy(s => s.StartSeconds).Take(StrongestSeconds)
                .Select(s => $"{s.StartSeconds:0.#}-{s.EndSeconds:0.#} s ({s.ProbabilityOfAi:0.00})");
            lines.Add($"  strongest seconds: {string.Join(", ", strongest)}");
        }

        lines.Add($"  provenance: {Provenance(report.Provenance)}");
        lines.AddRange(report.Notes.Select(note => $"  note: {Printable.Clean(note)}"));
        return lines;
    }

    public static string Verdict(string verdict) => verdict switch
    {
        "ai" => "likely AI-made",
        "real" => "likely real",
        _ => "inconclusive",
    };

    /// <summary>The provenance in words, e.g. "Trusted Content Credentials signed by X; declared AI-generated (...)".</summary>
    public static string Provenance(ProvenanceEvidence evidence)
    {
        var state = evidence.ValidationState switch
        {
            "Trusted" => "trusted Content Credentials",
            "Valid" => "valid Content Credentials from a signer not on your trust list",
            "Invalid" => $"invalid Content Credentials ({string.Join(", ", evidence.Failure.Select(Printable.Clean))})",
            "NoManifest" => "no Content Credentials",
            _ => $"Content Credentials unreadable ({Printable.Clean(evidence.Error)})",
        };
        var signer = evidence.Signer?.CommonName is { } name ? $", signed by {Printable.Clean(name)}" : "";
        var sources = evidence.DigitalSourceTypes.Select(t => Printable.Clean(SourceTypeWording.Describe(t))).ToList();
        return sources.Count > 0 ? $"{state}{signer}; {string.Join(", ", sources)}" : state + signer;
    }
}
