namespace Verifier.Server.Api;

/// <summary>
/// The client's file name, kept as a label for reports only: never a path. Folders (either slash), control characters and
/// surrounding blanks are dropped and the length capped; nothing usable left gives "upload".
/// </summary>
internal static class UploadNames
{
    public const string Fallback = "upload";
    private const int MaxLength = 255;

    public static string Clean(string? raw)
    {
        var last = (raw ?? string.Empty).Split('/', '\\')[^1];
        var clean = new string([.. last.Where(c => !char.IsControl(c))]).Trim();
        if (clean.Length > MaxLength)
        {
            clean = clean[..MaxLength];
        }

        return clean is "" or "." or ".." ? Fallback : clean;
    }
}
