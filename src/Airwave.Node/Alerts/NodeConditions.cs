using System.Globalization;
using Airwave.Channels;
using Airwave.Channels.Upstreams;
using Airwave.Cluster;
using Airwave.Media;
using Airwave.Streaming.Alerts;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Rewind;
using Akka.Actor;

namespace Airwave.Node.Alerts;

/// <summary>
/// Looks at the node and says which alert conditions hold now: it reads what the node keeps anyway (each channel's
/// source state, its rewind buffer's newest chunk and relay state, the upstream actors' failover totals, the
/// membership, the data directory's file system), as the metrics do, so the audio path does nothing for alerts.
/// </summary>
/// <remarks>
/// A channel is judged where it runs: its owner judges its source, each slave its own relay. A relay's source state is
/// the owner's, so relays are never judged sourceless, or every slave would repeat the owner's alert.
/// </remarks>
internal sealed class NodeConditions
{
    /// <summary>How long an evaluation waits for an upstream actor; one that does not answer keeps what it said last.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private readonly ChannelDirectory channels;
    private readonly IMembershipView membership;
    private readonly string dataDirectory;
    private readonly AlertSettings settings;
    private readonly Func<string, ChannelAlertSettings> thresholdsOf;
    private readonly FailoverWindow failovers;
    private readonly ChannelList.ChannelListHealth channelList;
    private readonly AudioLevel level = new();

    /// <param name="channels">The channels and relays on this node.</param>
    /// <param name="membership">The cluster as this node sees it.</param>
    /// <param name="dataDirectory">The directory whose file system <c>disk-full</c> watches.</param>
    /// <param name="settings">The node's alert settings.</param>
    /// <param name="thresholdsOf">A channel's thresholds, by channel id.</param>
    /// <param name="channelList">Whether the channel list read at its last reconciliation here.</param>
    public NodeConditions(
        ChannelDirectory channels, IMembershipView membership, string dataDirectory, AlertSettings settings, Func<string, ChannelAlertSettings> thresholdsOf, ChannelList.ChannelListHealth channelList)
    {
        this.channelList = channelList;
        this.channels = channels;
        this.membership = membership;
        this.dataDirectory = dataDirectory;
        this.settings = settings;
        this.thresholdsOf = thresholdsOf;
        failovers = new FailoverWindow(settings.UpstreamFailoverWindow);
    }

    /// <summary>Every condition that holds at <paramref name="nowUtc"/>.</summary>
    public async Task<List<AlertObservation>> ObserveAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var holding = new List<AlertObservation>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in channels.All)
        {
            present.Add(channel.Id);
            if (Observe(channel, thresholdsOf(channel.Id), nowUtc) is { } observation)
            {
                holding.Add(observation);
            }
        }

        await ObserveUpstreamsAsync(holding, nowUtc, cancellationToken).ConfigureAwait(false);
        failovers.KeepOnly(present);
        holding.AddRange(membership.Snapshot.Members.Where(m => !m.Reachable).Select(m => new AlertObservation(
            new AlertKey(AlertConditions.MemberUnreachable, m.Address), null, null, TimeSpan.Zero,
            $"cluster member {m.Address} ({string.Join(", ", m.Roles)}, {m.Status.ToString().ToLowerInvariant()}) is unreachable from this node")));
        if (ObserveDisk() is { } disk)
        {
            holding.Add(disk);
        }

        if (channelList.Failing is { } unreadable)
        {
            holding.Add(new AlertObservation(
                new AlertKey(AlertConditions.ChannelList, "channels-from"), null, unreadable.SinceUtc, TimeSpan.Zero,
                $"the channel list cannot be read ({unreadable.Error}); the channels keep running as last reconciled"));
        }

        return holding;
    }

    private AlertObservation? Observe(LiveChannel channel, ChannelAlertSettings thresholds, DateTime nowUtc)
    {
        if (channel.Relay is { } relay)
        {
            // Only while the feed is open: a relay closed for want of listeners falls behind on purpose.
            if (thresholds.RelayLagAfter is not { } maxLag || !relay.Connected || channel.Buffer.Snapshot() is not { IsEmpty: false } held)
            {
                return null;
            }

            var lag = TimeSpan.FromTicks(Math.Max(0, nowUtc.Ticks - held.NewestEndTicks));
            return lag > maxLag
                ? new AlertObservation(
                    new AlertKey(AlertConditions.RelayLag, channel.Id), channel.Id, null, TimeSpan.Zero,
                    string.Create(CultureInfo.InvariantCulture, $"the relay of /{channel.Id} is {lag.TotalSeconds:0.0} s behind its owner {relay.Owner} (more than {maxLag.TotalSeconds:0.#} s)"))
                : null;
        }

        return channel.Source == SourceState.Connected ? Silence(channel, thresholds) : Sourceless(channel, thresholds);
    }

    private static AlertObservation? Sourceless(LiveChannel channel, ChannelAlertSettings thresholds)
    {
        // An on-demand upstream is closed on purpose while nobody listens.
        if (thresholds.SourcelessAfter is not { } after || channel.Settings.Pull is { IsPulled: true, OnDemand: true })
        {
            return null;
        }

        // A channel that never had a source since the node started counts from when it was first seen without one.
        DateTime? since = channel.Source == SourceState.Lost ? new DateTime(channel.SourceLostTicks, DateTimeKind.Utc) : null;
        var what = channel.Settings.Pull.IsPulled ? "no upstream is streaming" : channel.Settings.Rendition is not null ? "its transcoder is not producing" : "no source is connected";
        return new AlertObservation(
            new AlertKey(AlertConditions.Sourceless, channel.Id), channel.Id, since, after,
            since is { } lost
                ? string.Create(CultureInfo.InvariantCulture, $"/{channel.Id} has had no source since {lost:u}: {what}")
                : $"/{channel.Id} has had no source since the node started: {what}");
    }

    /// <summary>
    /// Dead air: the newest chunk is decoded and found quieter than <see cref="AudioLevel.SilenceDbfs"/>. One chunk per
    /// evaluation, so the condition holds from its first quiet sample and ends at the first loud one: a programme is
    /// judged silent only when every chunk sampled over <c>silence-after</c> was.
    /// </summary>
    private AlertObservation? Silence(LiveChannel channel, ChannelAlertSettings thresholds)
    {
        if (thresholds.SilenceAfter is not { } after
            || channel.Buffer.Snapshot() is not { IsEmpty: false } held
            || channel.Buffer.TryRead(held.LastSeq, out var header, out var payload) != ChunkReadStatus.Available
            || header.Format != AudioFormat.Mp3
            || level.RmsDbfs(payload.Span) is not { } dbfs
            || dbfs >= AudioLevel.SilenceDbfs)
        {
            return null;
        }

        return new AlertObservation(
            new AlertKey(AlertConditions.Silence, channel.Id), channel.Id, null, after,
            string.Create(CultureInfo.InvariantCulture, $"/{channel.Id} has a source but has been silent (below {AudioLevel.SilenceDbfs} dBFS) for {after.TotalSeconds:0.#} s: dead air"));
    }

    private async Task ObserveUpstreamsAsync(List<AlertObservation> holding, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var pulled = channels.All.Select(c => (c.Id, Actor: channels.Pulls.Find(c.Id))).Where(p => p.Actor is not null).ToList();
        var totals = await Task.WhenAll(pulled.Select(p => FailoversAsync(p.Actor!, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < pulled.Count; i++)
        {
            var id = pulled[i].Id;
            var count = failovers.Observe(id, totals[i], nowUtc);
            if (count >= settings.UpstreamFailovers)
            {
                holding.Add(new AlertObservation(
                    new AlertKey(AlertConditions.UpstreamFailover, id), id, null, TimeSpan.Zero,
                    string.Create(CultureInfo.InvariantCulture, $"/{id} failed over to another upstream {count} times within {settings.UpstreamFailoverWindow}")));
            }
        }
    }

    private static async Task<long?> FailoversAsync(IActorRef actor, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await actor.Ask<UpstreamsReply>(reply => new GetUpstreams(reply), AskTimeout, cancellationToken).ConfigureAwait(false);
            return reply.Failovers;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private AlertObservation? ObserveDisk()
    {
        try
        {
            // statfs of the data directory's own file system (DriveInfo takes any path on Unix); df's arithmetic: blocks
            // reserved for root count as neither used nor available.
            var drive = new DriveInfo(dataDirectory);
            var used = drive.TotalSize - drive.TotalFreeSpace;
            var usable = used + drive.AvailableFreeSpace;
            var percent = usable > 0 ? 100.0 * used / usable : 0;
            return percent > settings.DiskPercent
                ? new AlertObservation(
                    new AlertKey(AlertConditions.DiskFull, dataDirectory), null, null, TimeSpan.Zero,
                    string.Create(CultureInfo.InvariantCulture, $"the file system of {dataDirectory} is {percent:0.#} % full (more than {settings.DiskPercent} %): {drive.AvailableFreeSpace / (1024 * 1024)} MiB left"))
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
