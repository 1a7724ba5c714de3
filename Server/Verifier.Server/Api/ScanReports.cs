using System.Buffers;
using System.Text;
using System.Text.Json;
using Verifier.Detector.Model;
using Verifier.Detector.Reports;
using Verifier.Server.Storage;

namespace Verifier.Server.Api;

/// <summary>
/// A job as the API shows it: <c>{"id", "status", "report", "error"}</c> with <c>report</c> exactly the
/// <see cref="ScanReportJson"/> object, and the HTML page rendered from the stored result. The report names the file as
/// this job's upload named it, so a shared result never shows another client's file name.
/// </summary>
internal sealed class ScanReports(IJobStore jobs, IBlobStore blobs)
{
    public async Task<string> StatusJsonAsync(ScanJob job, CancellationToken ct)
    {
        var report = await ReportAsync(job, ct).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", job.Id);
            json.WriteString("status", job.Status.Word());
            json.WritePropertyName("report");
            if (report is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(ScanReportJson.Serialize(report));
            }

            json.WriteString("error", job.Error);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The HTML page of a done job, or null when the job is not done.</summary>
    public async Task<string?> HtmlAsync(ScanJob job, CancellationToken ct)
    {
        if (await ResultAsync(job, ct).ConfigureAwait(false) is not { } result)
        {
            return null;
        }

        var pictures = new List<ReportPicture>(result.Pictures.Count);
        foreach (var picture in result.Pictures)
        {
            var jpeg = await blobs.ReadAllBytesAsync(picture.Blob, ct).ConfigureAwait(false);
            pictures.Add(new ReportPicture(picture.TimeSeconds, picture.Width, picture.Height, picture.Scale, jpeg));
        }

        var card = ModelCard.Parse(await blobs.ReadAllBytesAsync(result.CardBlob, ct).ConfigureAwait(false), $"model card blob {result.CardBlob}");
        return ScanReportHtml.Render(new ScanOutcome(ForJob(result, job), pictures, card));
    }

    private async Task<ScanReport?> ReportAsync(ScanJob job, CancellationToken ct) =>
        await ResultAsync(job, ct).ConfigureAwait(false) is { } result ? ForJob(result, job) : null;

    private async Task<ScanResult?> ResultAsync(ScanJob job, CancellationToken ct) =>
        job is { Status: ScanStatus.Done, ResultId: { } id }
            ? await jobs.FindResultAsync(id, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"scan {job.Id}: result {id} is missing")
            : null;

    private static ScanReport ForJob(ScanResult result, ScanJob job) => ScanReportJson.Deserialize(result.ReportJson) with { File = job.FileName };
}
