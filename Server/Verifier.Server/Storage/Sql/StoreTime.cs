using System.Globalization;

namespace Verifier.Server.Storage.Sql;

/// <summary>Times as the stores keep them: ISO 8601 UTC text of one width, so they sort and compare as text in both dialects.</summary>
public static class StoreTime
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
