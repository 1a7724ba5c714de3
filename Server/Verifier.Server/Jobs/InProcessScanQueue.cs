using System.Threading.Channels;

namespace Verifier.Server.Jobs;

/// <summary>An in-memory channel of job ids; ids are tiny, and the jobs themselves wait in the job store (settling is a no-op).</summary>
public sealed class InProcessScanQueue : IScanQueue
{
    private readonly Channel<string> ids = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });

    public ValueTask EnqueueAsync(string jobId, CancellationToken ct) => ids.Writer.WriteAsync(jobId, ct);

    public int Pending => ids.Reader.Count;

    public async IAsyncEnumerable<ScanDelivery> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var id in ids.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            yield return new ScanDelivery(id, false, _ => ValueTask.CompletedTask);
        }
    }
}
