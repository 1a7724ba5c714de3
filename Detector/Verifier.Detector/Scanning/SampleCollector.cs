using Verifier.Detector.Model;
using Verifier.Detector.Reports;
using Verifier.Media;

namespace Verifier.Detector.Scanning;

/// <summary>
/// Turns decoded frames into samples as they arrive and keeps only what the report needs: each frame's tiles go to the
/// scorer, and the first frame of each run is kept as a small JPEG picture; the frame itself is dropped. A temporal model's
/// sample is T consecutive frames of one run at the same tile position (non-overlapping windows); a run that ends before
/// its window is full repeats its last frame, as an image (one run of one frame) is T copies of itself. A frame is used
/// before the first await only: the decoder reuses its buffer for the next frame of the run.
/// Frames of different runs may arrive concurrently; frames of one run arrive in order.
/// </summary>
internal sealed class SampleCollector(ModelCard card, IReadOnlyList<TileRect> tiles, int runs, SampleScorer scorer, int pictureLongSide)
{
    private readonly Window?[] windows = new Window?[runs];
    private readonly List<ScoredFrame> frames = [];
    private readonly List<ReportPicture> pictures = [];

    public IReadOnlyList<ScoredFrame> Frames => frames;

    public IReadOnlyList<ReportPicture> Pictures => pictures;

    public async ValueTask AddAsync(RunFrame decoded, CancellationToken cancellation)
    {
        var frame = decoded.Frame;
        if (decoded.IndexInRun == 0)
        {
            var (jpeg, size) = ThumbnailMaker.EncodeWithin(frame, pictureLongSide);
            lock (pictures)
            {
                pictures.Add(new ReportPicture(frame.TimeSeconds, size.Width, size.Height, (double)size.Width / frame.Width, jpeg));
            }
        }

        var window = windows[decoded.Run] ??= new Window(frame.TimeSeconds, new float[tiles.Count * card.SampleLength]);
        for (var i = 0; i < tiles.Count; i++)
        {
            TileSamples.Write(frame, tiles[i], card.TileSize, card.FramesPerSample,
                window.Filled, window.Samples.AsSpan(i * card.SampleLength, card.SampleLength));
        }

        window.Filled++;
        if (window.Filled == card.FramesPerSample)
        {
            windows[decoded.Run] = null;
            await EmitAsync(window, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Scores the windows that runs left unfinished (temporal models only; a one-frame sample is always full).</summary>
    public async ValueTask FinishAsync(CancellationToken cancellation)
    {
        for (var run = 0; run < windows.Length; run++)
        {
            if (windows[run] is { } window)
            {
                windows[run] = null;
                TileSamples.RepeatLastFrame(window.Samples, card.SampleLength, card.Channels, card.FramesPerSample, window.Filled);
                await EmitAsync(window, cancellation).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask EmitAsync(Window window, CancellationToken cancellation)
    {
        card.Normalise(window.Samples);
        var scored = new ScoredFrame(window.StartSeconds, tiles);
        lock (frames)
        {
            frames.Add(scored);
        }

        await scorer.AddAsync(scored, window.Samples, cancellation).ConfigureAwait(false);
    }

    /// <summary>The samples being filled for one run: all its tiles, <see cref="Filled"/> of the T frames written so far.</summary>
    private sealed class Window(double startSeconds, float[] samples)
    {
        public double StartSeconds { get; } = startSeconds;

        public float[] Samples { get; } = samples;

        public int Filled { get; set; }
    }
}
