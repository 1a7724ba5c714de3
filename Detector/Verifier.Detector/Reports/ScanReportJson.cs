using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verifier.Detector.Reports;

/// <summary>The one JSON form of <see cref="ScanReport"/>: compact, one object per line (JSON Lines), no nulls omitted.</summary>
public static class ScanReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 16,
    };

    public static string Serialize(ScanReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Reads a report back (the service stores them); malformed JSON throws <see cref="JsonException"/>.</summary>
    public static ScanReport Deserialize(string json) =>
        JsonSerializer.Deserialize<ScanReport>(json, Options) ?? throw new JsonException("a scan report cannot be null");
}
