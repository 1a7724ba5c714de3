using System.Text;
using Verifier.Provenance.Validation;

namespace Verifier.Detector.Reports.Html;

/// <summary>
/// The file's own C2PA evidence, kept visibly apart from the model's score: the validation state in words, the signer,
/// the claim generator, declared source types and failure codes. Every field is the manifest's text, so all is escaped.
/// </summary>
internal static class ProvenancePanel
{
    public static void Write(StringBuilder html, ProvenanceEvidence provenance)
    {
        var state = provenance.ValidationState;
        html.Append($"""
            <section class="panel provenance state-{Css(state)}" id="provenance">
            <h2>Provenance (C2PA Content Credentials)</h2>
            <p class="state-words" id="validation-state">{HtmlText.Escape(state)}</p>
            <p>{Explain(provenance)}</p>
            <dl class="facts">

            """);
        Fact(html, "Active manifest", provenance.ActiveManifest);
        Fact(html, "Signer", Signer(provenance.Signer));
        Fact(html, "Signed at", provenance.Signer?.Time is { } time ? HtmlText.Utc(time) : null);
        Fact(html, "Claim generator", provenance.ClaimGenerator);
        html.Append("</dl>\n");

        List(html, "Declared digital source types", "source-types",
            provenance.DigitalSourceTypes.Select(uri => $"{HtmlText.Escape(SourceTypeWording.Describe(uri))}<br><code>{HtmlText.Escape(uri)}</code>"));
        List(html, "Failure codes", "failure-codes",
            provenance.Failure.Select(code => $"{HtmlText.Escape(FailureWording.Describe(code))} <code>{HtmlText.Escape(code)}</code>"));
        html.Append("""
            <p class="note">Provenance is reported beside the model's score and never enters it. A manifest records who signed
            what they declared; it does not prove the content is true, and its absence proves nothing.</p>
            </section>

            """);
    }

    private static string Explain(ProvenanceEvidence provenance) => provenance.ValidationState switch
    {
        "Trusted" => "The file carries Content Credentials that validate, signed by a certificate on the trust list: the signer "
            + "named below made this manifest and the content has not changed since it was signed.",
        "Valid" => "The file carries Content Credentials that validate, but the signer's certificate is not on the trust list: "
            + "the content has not changed since it was signed, but who signed it cannot be vouched for.",
        "Invalid" => "The file carries Content Credentials that fail validation: the content or its manifest changed after "
            + "signing, or the signature or certificate is bad (see the failure codes).",
        "NoManifest" => "The file carries no Content Credentials (no C2PA manifest). Most cameras, editors and platforms "
            + "do not add them or strip them, so this says nothing either way.",
        "Unreadable" => "The file's Content Credentials could not be read: "
            + HtmlText.Escape(provenance.Error?.TrimEnd('.') ?? "no reason was given") + ".",
        _ => "The validation state is not one Verifier knows.",
    };

    private static string Css(string state) =>
        state is "Trusted" or "Valid" or "Invalid" or "NoManifest" or "Unreadable" ? state.ToLowerInvariant() : "unknown";

    private static string? Signer(ProvenanceSigner? signer)
    {
        if (signer is null)
        {
            return null;
        }

        var parts = new[]
        {
            signer.CommonName,
            signer.Organization is null ? null : $"({signer.Organization})",
            signer.Issuer is null ? null : $"issued by {signer.Issuer}",
            signer.Alg is null ? null : $"with {signer.Alg}",
        };
        var text = string.Join(' ', parts.Where(p => p is not null));
        return text.Length == 0 ? null : text;
    }

    private static void Fact(StringBuilder html, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            html.Append($"<dt>{name}</dt><dd>{HtmlText.Escape(value)}</dd>\n");
        }
    }

    /// <summary>A titled list of items already escaped; nothing when empty.</summary>
    private static void List(StringBuilder html, string title, string id, IEnumerable<string> items)
    {
        var lines = items.ToList();
        if (lines.Count == 0)
        {
            return;
        }

        html.Append($"<h3>{title}</h3>\n<ul id=\"{id}\">\n");
        foreach (var line in lines)
        {
            html.Append($"<li>{line}</li>\n");
        }

        html.Append("</ul>\n");
    }
}
