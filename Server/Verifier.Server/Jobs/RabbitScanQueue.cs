using System.Text;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Verifier.Server.Jobs;

/// <summary>
/// Job ids on a durable RabbitMQ queue: published persistent with publisher confirms (the API answers 202 only once the
/// broker holds the id), consumed with manual acknowledgement and a prefetch of the worker count, so a worker holds only
/// what it runs. A worker that dies leaves its message unacknowledged and the broker hands it to another.
/// </summary>
public sealed class RabbitScanQueue : IScanQueue, IAsyncDisposable
{
    public const string QueueName = "verifier.scans";

    // A channel awaits each publish's confirm in turn; several let concurrent uploads' confirms overlap.
    private const int PublishingChannels = 8;

    private readonly IConnection connection;
    private readonly IChannel[] publishing;
    private readonly IChannel? consuming;
    private readonly Channel<ScanDelivery> deliveries = Channel.CreateUnbounded<ScanDelivery>();
    private int nextPublisher;

    private RabbitScanQueue(IConnection connection, IChannel[] publishing, IChannel? consuming)
    {
        this.connection = connection;
        this.publishing = publishing;
        this.consuming = consuming;
    }

    public int Pending => deliveries.Reader.Count;

    /// <summary>
    /// Connects to <paramref name="uri"/> (<c>amqp://user:pass@host:5672/vhost</c>) and declares the queue; with
    /// <paramref name="prefetch"/> above 0 it also consumes, holding at most that many unacknowledged ids.
    /// </summary>
    public static async Task<RabbitScanQueue> ConnectAsync(string uri, int prefetch, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "verifier", AutomaticRecoveryEnabled = true };
        var connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            var publishing = new IChannel[PublishingChannels];
            for (var i = 0; i < publishing.Length; i++)
            {
                publishing[i] = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct).ConfigureAwait(false);
            }

            await publishing[0].QueueDeclareAsync(QueueName, durable: true, exclusive: false, autoDelete: false, arguments: null, cancellationToken: ct).ConfigureAwait(false);
            IChannel? consuming = null;
            if (prefetch > 0)
            {
                consuming = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
                await consuming.BasicQosAsync(0, (ushort)prefetch, global: false, ct).ConfigureAwait(false);
            }

            var queue = new RabbitScanQueue(connection, publishing, consuming);
            if (consuming is not null)
            {
                var consumer = new AsyncEventingBasicConsumer(consuming);
                consumer.ReceivedAsync += queue.ReceivedAsync;
                await consuming.BasicConsumeAsync(QueueName, autoAck: false, consumer, ct).ConfigureAwait(false);
            }

            return queue;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask EnqueueAsync(string jobId, CancellationToken ct) =>
        await publishing[(int)((uint)Interlocked.Increment(ref nextPublisher) % PublishingChannels)].BasicPublishAsync(
            exchange: string.Empty, routingKey: QueueName, mandatory: true, basicProperties: new BasicProperties { Persistent = true },
            body: Encoding.UTF8.GetBytes(jobId), cancellationToken: ct).ConfigureAwait(false);

    public IAsyncEnumerable<ScanDelivery> ReadAllAsync(CancellationToken ct) => deliveries.Reader.ReadAllAsync(ct);

    public async ValueTask DisposeAsync()
    {
        deliveries.Writer.TryComplete();
        if (consuming is not null)
        {
            await consuming.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var channel in publishing)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReceivedAsync(object sender, BasicDeliverEventArgs message)
    {
        var tag = message.DeliveryTag;
        var channel = consuming!;
        await deliveries.Writer.WriteAsync(new ScanDelivery(
            Encoding.UTF8.GetString(message.Body.Span),
            message.Redelivered,
            done => done ? channel.BasicAckAsync(tag, multiple: false) : channel.BasicNackAsync(tag, multiple: false, requeue: true))).ConfigureAwait(false);
    }
}
