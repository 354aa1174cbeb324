using Airwave.Channels;
using Airwave.Channels.Upstreams;
using Airwave.Streaming.Upstreams;
using Akka.Actor;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>
/// Per-upstream series of pulled channels, from each upstream actor's own status reply (the one the admin API shows).
/// Upstreams are labelled by their index in the failover list, never by URL: URLs are long and may hold credentials.
/// </summary>
internal sealed class UpstreamMetrics
{
    /// <summary>How long a scrape waits for an upstream actor; one that does not answer keeps its previous values.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private static readonly string[] States = [.. Enum.GetNames<UpstreamState>().Select(s => s.ToLowerInvariant())];
    private static readonly string[] ByChannel = ["channel"];
    private static readonly string[] ByUpstream = ["channel", "upstream"];
    private static readonly string[] ByUpstreamState = ["channel", "upstream", "state"];
    private readonly ChannelDirectory channels;
    private readonly Gauge state;
    private readonly Gauge active;
    private readonly Counter failures;
    private readonly Counter connections;
    private readonly Counter failovers;

    public UpstreamMetrics(IMetricFactory metrics, ChannelDirectory channels)
    {
        this.channels = channels;
        state = metrics.CreateGauge("airwave_upstream_state", "1 for the state each upstream of a pulled channel is in (idle, connecting, streaming, backoff, failed), 0 for the others.", ByUpstreamState);
        active = metrics.CreateGauge("airwave_upstream_active", "Index of the upstream a pulled channel uses now.", ByChannel);
        failures = metrics.CreateCounter("airwave_upstream_failures_total", "Failed attempts of each upstream.", ByUpstream);
        connections = metrics.CreateCounter("airwave_upstream_connections_total", "Connections opened to each upstream.", ByUpstream);
        failovers = metrics.CreateCounter("airwave_upstream_failovers_total", "Times a failure moved a pulled channel to another upstream.", ByChannel);
    }

    /// <summary>Asks every upstream actor of this node at once and brings the series up to date; runs before each scrape.</summary>
    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var pulled = channels.All.Select(c => (c.Id, Actor: channels.Pulls.Find(c.Id))).Where(p => p.Actor is not null).ToList();
        var replies = await Task.WhenAll(pulled.Select(p => AskAsync(p.Actor!, cancellationToken))).ConfigureAwait(false);
        var present = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pulled.Count; i++)
        {
            var id = pulled[i].Id;
            present.Add(id);
            if (replies[i] is not { } reply)
            {
                continue;
            }

            active.WithLabels(id).Set(reply.Active);
            CounterReading.Set(failovers, reply.Failovers, id);
            foreach (var upstream in reply.Upstreams)
            {
                var index = upstream.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var name in States)
                {
                    state.WithLabels(id, index, name).Set(name == upstream.State ? 1 : 0);
                }

                CounterReading.Set(failures, upstream.Failures, id, index);
                CounterReading.Set(connections, upstream.Connections, id, index);
            }
        }

        StaleSeries.RemoveAllBut(state, present);
        StaleSeries.RemoveAllBut(active, present);
        StaleSeries.RemoveAllBut(failures, present);
        StaleSeries.RemoveAllBut(connections, present);
        StaleSeries.RemoveAllBut(failovers, present);
    }

    private static async Task<UpstreamsReply?> AskAsync(IActorRef actor, CancellationToken cancellationToken)
    {
        try
        {
            return await actor.Ask<UpstreamsReply>(reply => new GetUpstreams(reply), AskTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
