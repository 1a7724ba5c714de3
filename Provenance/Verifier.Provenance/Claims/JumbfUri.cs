namespace Verifier.Provenance.Claims;

/// <summary>JUMBF URIs as C2PA uses them: <c>self#jumbf=/c2pa/&lt;manifest&gt;/c2pa.assertions/&lt;label&gt;</c> or relative forms.</summary>
public static class JumbfUri
{
    private const string Prefix = "self#jumbf=";
    private const string StorePrefix = "self#jumbf=/c2pa/";

    /// <summary>The manifest label of an absolute URI, or null for a relative one.</summary>
    public static string? ManifestLabel(string uri)
    {
        if (!uri.StartsWith(StorePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = uri.AsSpan(StorePrefix.Length);
        int slash = rest.IndexOf('/');
        var label = slash < 0 ? rest : rest[..slash];
        return label.IsEmpty ? null : label.ToString();
    }

    /// <summary>The last path segment: the label of the box the URI points at (an assertion label with its instance suffix).</summary>
    public static string LastSegment(string uri)
    {
        var path = uri.StartsWith(Prefix, StringComparison.Ordinal) ? uri[Prefix.Length..] : uri;
        int slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    /// <summary>The box name just below the manifest (e.g. <c>c2pa.assertions</c>, <c>c2pa.signature</c>).</summary>
    public static string? BoxName(string uri)
    {
        var path = uri.StartsWith(Prefix, StringComparison.Ordinal) ? uri[Prefix.Length..] : uri;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.StartsWith("/c2pa/", StringComparison.Ordinal))
        {
            return parts.Length > 2 ? parts[2] : null;
        }

        return parts.Length > 0 ? parts[0] : null;
    }

    public static bool IsRelative(string uri) => !uri.StartsWith(StorePrefix, StringComparison.Ordinal);

    public static string Manifest(string manifestLabel) => $"{StorePrefix}{manifestLabel}";

    public static string Assertion(string manifestLabel, string assertionLabel) =>
        $"{StorePrefix}{manifestLabel}/c2pa.assertions/{assertionLabel}";

    public static string Signature(string manifestLabel) => $"{StorePrefix}{manifestLabel}/c2pa.signature";

    public static string Claim(string manifestLabel) => $"{StorePrefix}{manifestLabel}/c2pa.claim";

    /// <summary>Makes a relative URI absolute within a manifest (c2pa-rs <c>to_absolute_uri</c>).</summary>
    public static string ToAbsolute(string manifestLabel, string uri)
    {
        if (!IsRelative(uri))
        {
            return uri;
        }

        var path = uri.StartsWith(Prefix, StringComparison.Ordinal) ? uri[Prefix.Length..] : uri;
        return $"{StorePrefix}{manifestLabel}/{path.TrimStart('/')}";
    }

    /// <summary>Strips a label's version suffix and instance (<c>c2pa.actions.v2__1</c> -> <c>c2pa.actions</c>).</summary>
    public static string BaseLabel(string label)
    {
        int inst = label.IndexOf("__", StringComparison.Ordinal);
        var l = inst >= 0 ? label[..inst] : label;
        int v = l.LastIndexOf(".v", StringComparison.Ordinal);
        if (v > 0 && v + 2 < l.Length && l[(v + 2)..].All(char.IsAsciiDigit))
        {
            l = l[..v];
        }

        return l;
    }
}
