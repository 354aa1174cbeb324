using Airwave.Channels.Upstreams;
using Airwave.Node.Admin;
using Airwave.Node.Hosting;
using Airwave.Node.Metrics;
using Airwave.Streaming.Channels;
using Akka.Actor;

namespace Airwave.Node.Monitoring;

/// <summary>Reads a <see cref="StatusDocument"/> from what the node keeps anyway, as the admin API and the metrics do: nothing is counted for it on the audio path.</summary>
internal sealed class StatusReader(NodeRuntime node, TimeProvider clock)
{
    /// <summary>How long a push waits for an upstream actor; one that does not answer is pushed without its upstreams.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public async Task<StatusDocument> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var live = node.Channels.All;
        var upstreams = await Task.WhenAll(live.Select(c => UpstreamsOf(c.Id, cancellationToken))).ConfigureAwait(false);
        var channels = live.Zip(upstreams, (channel, pulled) => new MonitoredChannel(StatusOf(channel), ListenerCounts.Of(channel, now.Ticks), pulled)).ToList();
        var alerts = node.Alerts.Current.Active;
        var totals = new StatusTotals(
            channels.Count,
            live.Count(c => c.Source == SourceState.Connected),
            channels.Aggregate(new ListenerCounts(0, 0, 0, 0), (sum, c) => sum.Add(c.ListenersByOutput)),
            alerts.Count);
        var status = node.Status() with { Roles = [.. node.Settings.Cluster?.Roles ?? ["master", "slave"]] };
        return new StatusDocument(now, status, totals, channels, alerts);
    }

    private async Task<UpstreamsReply?> UpstreamsOf(string id, CancellationToken cancellationToken)
    {
        if (node.Channels.Pulls.Find(id) is not { } actor)
        {
            return null;
        }

        try
        {
            var reply = await actor.Ask<UpstreamsReply>(reply => new GetUpstreams(reply), AskTimeout, cancellationToken).ConfigureAwait(false);
            return reply with { Upstreams = [.. reply.Upstreams.Select(u => u with { Url = Redacted(u.Url) })] };
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The admin API's status, but with a pulled channel's source client (its upstream's URL) redacted like the upstreams.</summary>
    private static ChannelStatus StatusOf(LiveChannel channel)
    {
        var status = ChannelStatus.Of(channel);
        return status.SourceClient is { } client ? status with { SourceClient = Redacted(client) } : status;
    }

    /// <summary>
    /// A URL without user, password, query and fragment: the document goes to a third party, and those are where upstream
    /// credentials live. Anything else (a source's address, <c>file:demo.mp3</c>) as it is.
    /// </summary>
    private static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
            ? new UriBuilder(parsed) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString()
            : url;
}
