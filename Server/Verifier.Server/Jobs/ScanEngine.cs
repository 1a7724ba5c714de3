using Verifier.Detector.Model;
using Verifier.Detector.Reports;
using Verifier.Detector.Scanning;
using Verifier.Detector.Scoring;

namespace Verifier.Server.Jobs;

/// <summary>
/// The loaded detector model with what every scan of this process shares: the scan options and the model card's bytes,
/// stored as a blob beside each result (so a report page renders with the card it was scored with, even after the model
/// changes).
/// </summary>
public sealed class ScanEngine : IDisposable
{
    private readonly DetectorModel model;
    private readonly ScanOptions options;

    private ScanEngine(DetectorModel model, ScanOptions options, byte[] card)
    {
        this.model = model;
        this.options = options;
        Card = card;
    }

    public string ModelSha256 => model.Sha256;

    /// <summary>The model card's JSON, as its file holds it.</summary>
    public ReadOnlyMemory<byte> Card { get; }

    /// <summary>Loads the model and its card; <see cref="DetectorModelException"/> names the file at fault.</summary>
    public static async Task<ScanEngine> LoadAsync(string modelPath, ScanOptions options, CancellationToken ct)
    {
        var model = DetectorModel.Load(modelPath);
        try
        {
            return new ScanEngine(model, options, await File.ReadAllBytesAsync(ModelCard.PathFor(model.ModelPath), ct).ConfigureAwait(false));
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
