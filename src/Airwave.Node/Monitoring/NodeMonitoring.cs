using Airwave.Node.Hosting;
using Airwave.Node.Metrics;

namespace Airwave.Node.Monitoring;

/// <summary>The node's monitoring pushes: its status and its metadata, each on its own task, each optional; one more metadata push at a graceful stop.</summary>
/// <param name="status">The status push, or null.</param>
/// <param name="metadata">The metadata push, or null.</param>
/// <param name="finalMetadata">Reads the metadata document of the push at a graceful stop.</param>
/// <param name="channelsStarted">Completes once the configured and runtime channels have started.</param>
internal sealed class NodeMonitoring(PeriodicPush? status, PeriodicPush? metadata, Func<CancellationToken, Task<object>> finalMetadata, Task channelsStarted)
{
    /// <summary>One client for every push, for the node's life; connections are renewed every few minutes, so a receiver that moved in DNS is found again.</summary>
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The pushes <paramref name="settings"/> configures (none when it sets no URL).</summary>
    public static NodeMonitoring Create(MonitoringSettings settings, NodeRuntime node, MonitoringMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger<NodeMonitoring>();
        var reader = new StatusReader(node, clock);
        var status = settings.StatusUrl is { } statusUrl
            ? new PeriodicPush("status", async ct => await reader.ReadAsync(ct).ConfigureAwait(false), Receiver(statusUrl), settings.StatusInterval, metrics, clock, log)
            : null;
        var metadata = settings.MetadataUrl is { } metadataUrl
            ? new PeriodicPush("metadata", Metadata(node, clock, final: false), Receiver(metadataUrl), settings.MetadataInterval, metrics, clock, log)
            : null;
        return new NodeMonitoring(status, metadata, Metadata(node, clock, final: true), node.Channels.Started);

        MonitoringReceiver Receiver(Uri url) => new(Http, url, settings.Headers, settings.Timeout);
    }

    /// <summary>Pushes until <paramref name="stopping"/> is cancelled, starting once the channels have started (an empty node is not worth a push).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await channelsStarted.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }

        await Task.WhenAll(status?.RunAsync(stopping) ?? Task.CompletedTask, metadata?.RunAsync(stopping) ?? Task.CompletedTask).ConfigureAwait(false);
    }

    /// <summary>
    /// The last metadata push, at a graceful stop once sources and listeners are gone: the receiver then holds the
    /// numbers as they are when the node goes down, not as they were up to an interval before.
    /// </summary>
    public async Task PushFinalMetadataAsync(CancellationToken cancellationToken)
    {
        if (metadata is not null)
        {
            await metadata.PushAsync(finalMetadata, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Func<CancellationToken, Task<object>> Metadata(NodeRuntime node, TimeProvider clock, bool final) =>
        _ => Task.FromResult<object>(MetadataDocument.Of(node.Settings.NodeName, node.Channels, clock.GetUtcNow().UtcDateTime, final));
}
