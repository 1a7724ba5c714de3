using Verifier.Media;

namespace Verifier.Detector.Training.Data;

/// <summary>
/// The clip-level augmentations of <see cref="AugmentationOptions"/>: with <see cref="AugmentationOptions.H264Probability"/>
/// a clip is re-encoded with libx264 at a drawn CRF into a private temporary file, and with
/// <see cref="AugmentationOptions.FrameRateProbability"/> that re-encode also changes its frame rate, and with
/// <see cref="AugmentationOptions.ReencodeAgainProbability"/> the result is encoded again. The label is never seen.
/// </summary>
public sealed class ClipReencoder(FfmpegTools tools, AugmentationOptions augmentation, string? scratchFolder = null)
{
    /// <summary>
    /// Draws whether and how <paramref name="path"/> is re-encoded; null when it is not. Otherwise the re-encoded copy,
    /// which the caller disposes (that deletes it). A failed re-encode throws <see cref="MediaException"/> naming
    /// <paramref name="path"/> and leaves no file behind.
    /// </summary>
    public async Task<ReencodedClip?> DrawAsync(string path, Random random, CancellationToken cancellation = default)
    {
        if (random.NextDouble() >= augmentation.H264Probability)
        {
            return null;
        }

        var crf = random.Next(augmentation.MinCrf, augmentation.MaxCrf + 1);
        var edit = new VideoEdit(crf);
        // Only drawn when enabled, so turning it off leaves the random sequence (and every tile) as it was before.
        if (augmentation.FrameRateProbability > 0 && random.NextDouble() < augmentation.FrameRateProbability)
        {
            var source = await new Ffprobe(tools).ProbeAsync(path, cancellation).ConfigureAwait(false);
            var rates = FrameRateChoices(source.FramesPerSecond);
            edit = rates.Count > 0 ? edit with { FramesPerSecond = rates[random.Next(rates.Count)] } : edit;
        }

        if (augmentation.ReencodeAgainProbability > 0)
        {
            var passes = 1;
            while (passes < augmentation.MaxPasses && random.NextDouble() < augmentation.ReencodeAgainProbability)
            {
                passes++;
            }

            edit = edit with { Passes = passes };
        }

        var reencoded = new ReencodedClip(Path.Combine(scratchFolder ?? Path.GetTempPath(), $"verifier-train-{Guid.NewGuid():N}.mp4"), edit);
        try
        {
            await new VideoTranscoder(tools).TranscodeAsync(path, reencoded.Path, edit, cancellation).ConfigureAwait(false);
            return reencoded;
        }
        catch (MediaException e)
        {
            reencoded.Dispose();
            // Name the corpus file, not the temporary one.
            throw new MediaException(e.Kind, $"{path}: {reencoded.Description} re-encode failed: {e.Message}", e);
        }
        catch
        {
            reencoded.Dispose();
            throw;
        }
    }

    /// <summary>The rates a clip at <paramref name="sourceRate"/> may change to: any other rate of the set up to the allowed increase.</summary>
    public IReadOnlyList<double> FrameRateChoices(double sourceRate) =>
        sourceRate > 0
            ? [.. augmentation.FrameRates.Where(r => Math.Abs(r - sourceRate) > 0.01 && r <= sourceRate * augmentation.MaxFrameRateIncrease)]
            : [];
}
