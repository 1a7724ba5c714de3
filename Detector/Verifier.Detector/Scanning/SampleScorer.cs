using System.Diagnostics;
using System.Threading.Channels;
using Verifier.Detector.Scoring;

namespace Verifier.Detector.Scanning;

/// <summary>
/// Scores frames' samples while decoding goes on: producers queue a frame's normalised samples (one per tile), a single
/// consumer gathers them into batches of about <c>batchSize</c> samples for one ONNX Runtime call each and writes the
/// logits back into the frames. The queue is bounded, so a fast decoder waits rather than piling samples up in memory.
/// </summary>
internal sealed class SampleScorer
{
    private const int QueuedFrames = 8;

    private readonly DetectorModel model;
    private readonly int batchSize;
    private readonly Channel<(ScoredFrame Frame, float[] Samples)> queue =
        Channel.CreateBounded<(ScoredFrame, float[])>(new BoundedChannelOptions(QueuedFrames) { SingleReader = true });

    private readonly Task consumer;

    // The consumer's batch, reused from call to call (a batch of 128 px tiles is megabytes).
    private float[] batchBuffer = [];

    public SampleScorer(DetectorModel model, int batchSize, CancellationToken cancellation)
    {
        this.model = model;
        this.batchSize = batchSize;
        consumer = Task.Run(() => ConsumeAsync(cancellation), cancellation);
    }

    /// <summary>Time spent inside ONNX Runtime (it overlaps decoding).</summary>
    public TimeSpan ScoringTime { get; private set; }

    /// <summary>Queues <paramref name="samples"/> (the frame's tiles in order, normalised) for <paramref name="frame"/>.</summary>
    public async ValueTask AddAsync(ScoredFrame frame, float[] samples, CancellationToken cancellation)
    {
        try
        {
            await queue.Writer.WriteAsync((frame, samples), cancellation).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The consumer stopped on a failure; CompleteAsync reports it.
            await consumer.ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Scores what is still queued and returns once every queued frame has its logits; rethrows a scoring failure.</summary>
    public Task CompleteAsync()
    {
        queue.Writer.TryComplete();
        return consumer;
    }

    private async Task ConsumeAsync(CancellationToken cancellation)
    {
        var sampleLength = model.Card.SampleLength;
        var pending = new List<(ScoredFrame Frame, float[] Samples)>();
        var pendingSamples = 0;
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                pending.Add(item);
                pendingSamples += item.Samples.Length / sampleLength;
                if (pendingSamples >= batchSize)
                {
                    Score(pending, pendingSamples * sampleLength);
                    (pendingSamples, pending) = (0, []);
                }
            }

            if (pendingSamples > 0)
            {
                Score(pending, pendingSamples * sampleLength);
            }
        }
        catch
        {
            // Producers blocked on a full queue must not wait for a consumer that is gone.
            queue.Writer.TryComplete();
            throw;
        }
    }

    private void Score(List<(ScoredFrame Frame, float[] Samples)> frames, int floats)
    {
        // One frame alone needs no copy; several are laid back to back for one call.
        ReadOnlyMemory<float> batch;
        if (frames.Count == 1)
        {
            batch = frames[0].Samples;
        }
        else
        {
            if (batchBuffer.Length < floats)
            {
                batchBuffer = new float[floats];
            }

            var offset = 0;
            foreach (var (_, samples) in frames)
            {
                samples.CopyTo(batchBuffer, offset);
                offset += samples.Length;
            }

            batch = batchBuffer.AsMemory(0, floats);
        }

        var watch = Stopwatch.StartNew();
        var scores = model.Score(batch);
        ScoringTime += watch.Elapsed;
        var next = 0;
        foreach (var (frame, _) in frames)
        {
            for (var i = 0; i < frame.Logits.Length; i++)
            {
                frame.Logits[i] = scores[next++].Logit;
            }
        }
    }
}
