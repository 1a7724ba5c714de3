using System.Reflection;
using System.Text.Json;
using Verifier.Media;
using Verifier.Provenance.Signing;

namespace Verifier.Generator.Output;

/// <summary>
/// Writes generated frames as an H.264 MP4 (Verifier.Media) signed with C2PA (Verifier.Provenance): <c>c2pa.created</c>
/// with digitalSourceType trainedAlgorithmicMedia, the generator as claim generator and software agent, and a
/// <see cref="GenerationRecord"/> assertion. Both steps write hidden temporary files beside the output that are removed
/// whatever happens; the output appears, by rename, only once signed, so a half-written clip is never seen.
/// </summary>
public sealed class GeneratedClipWriter(IClaimSigner signer, IThumbnailMaker? thumbnails = null)
{
    public const string AssertionLabel = "org.verifier.generator";

    public static GeneratorInfo Software { get; } = new("Verifier.Generator",
        typeof(GeneratedClipWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]);

    public async Task<SignResult> WriteAsync(
        IReadOnlyList<Frame> frames, double framesPerSecond, string outputPath, GenerationRecord record, CancellationToken cancellation = default)
    {
        var output = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(output)!;
        var stem = $".{Path.GetFileName(output)}.{Guid.NewGuid():N}";
        var (unsigned, signed) = (Path.Combine(folder, stem + ".unsigned.mp4"), Path.Combine(folder, stem + ".signed.mp4"));
        try
        {
            await new VideoEncoder(FfmpegTools.Locate()).EncodeAsync(frames, framesPerSecond, unsigned, cancellation).ConfigureAwait(false);
            var result = Builder.Sign(new SignRequest
            {
                InputPath = unsigned,
                OutputPath = signed,
                Signer = signer,
                DigitalSourceType = DigitalSourceTypes.Resolve("trainedAlgorithmicMedia"),
                Thumbnails = thumbnails,
                Definition = new ManifestDefinition
                {
                    Generator = Software,
                    Title = Path.GetFileName(output),
                    Format = "video/mp4",
                    Assertions = [new AssertionDefinition(AssertionLabel, JsonSerializer.SerializeToElement(record), AsJson: true)],
                },
            });
            File.Move(signed, output, overwrite: true);
            return result with { OutputPath = output };
        }
        finally
        {
            foreach (var temp in new[] { unsigned, signed }.Where(File.Exists))
            {
                File.Delete(temp);
            }
        }
    }
}
