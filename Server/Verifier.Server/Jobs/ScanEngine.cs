using Verifier.Detector.Model;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;
using Verifier.Server.Storage;

namespace Verifier.Server.Jobs;

/// <summary>
/// The loaded detector model with what every scan of this process shares: the scan options and the model card stored as a
/// blob (so a report page renders with the card it was scored with, even after the model changes).
/// </summary>
public sealed class ScanEngine : IDisposable
{
    private readonly DetectorModel model;
    private readonly ScanOptions options;

    private ScanEngine(DetectorModel model, ScanOptions options, string cardBlob)
    {
        this.model = model;
        this.options = options;
        CardBlob = cardBlob;
    }

    public string ModelSha256 => model.Sha256;

    public string CardBlob { get; }

    /// <summary>Loads the model and its card; <see cref="DetectorModelException"/> names the file at fault.</summary>
    public static async Task<ScanEngine> LoadAsync(string modelPath, ScanOptions options, IBlobStore blobs, CancellationToken ct)
    {
        var model = DetectorModel.Load(modelPath);
        try
        {
            var card = await File.ReadAllBytesAsync(ModelCard.PathFor(model.ModelPath), ct).ConfigureAwait(false);
            return new ScanEngine(model, options, await blobs.AddAsync(card, ct).ConfigureAwait(false));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Scans one file (ONNX Runtime sessions are safe to run from several workers at once).</summary>
    public Task<ScanOutcome> ScanAsync(string path, CancellationToken ct) => new Scanner(model, null, options).ScanAsync(path, ct);

    public void Dispose() => model.Dispose();
}
