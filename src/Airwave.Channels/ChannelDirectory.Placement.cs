using Airwave.Channels.Supervision;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels;

/// <summary>Follows <see cref="Placement"/>: starts the channels placed here and stops those placed elsewhere, one change at a time.</summary>
public sealed partial class ChannelDirectory
{
    private readonly System.Threading.Channels.Channel<bool> placementChanges =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    private Task following = Task.CompletedTask;
    private Task refreshing = Task.CompletedTask;

    /// <summary>How often to pick up channels other nodes added or removed at runtime (the cluster's shared database); null: never (standalone). Set before <see cref="StartAsync"/>.</summary>
    public TimeSpan? RuntimeRefreshInterval { get; set; }

    private void FollowPlacement()
    {
        Placement.Changed += OnPlacementChanged;
        following = Task.Run(FollowAsync, CancellationToken.None);
        if (RuntimeRefreshInterval is { } interval)
        {
            refreshing = Task.Run(() => RefreshPeriodicallyAsync(interval), CancellationToken.None);
        }

        // Catches up with changes raised before the subscription.
        placementChanges.Writer.TryWrite(true);
    }

    private async Task StopFollowingPlacementAsync()
    {
        Placement.Changed -= OnPlacementChanged;
        await stopping.CancelAsync().ConfigureAwait(false);
        await refreshing.ConfigureAwait(false);
        placementChanges.Writer.TryComplete();
        await following.ConfigureAwait(false);
    }

    private async Task RefreshPeriodicallyAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                placementChanges.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
            // The directory is stopping.
        }
    }

    // Never blocks the raiser (a channel entity, on its actor thread): a pending change already covers this one.
    private void OnPlacementChanged(object? sender, EventArgs e) => placementChanges.Writer.TryWrite(true);

    private async Task FollowAsync()
    {
        await foreach (var _ in placementChanges.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await creating.WaitAsync().ConfigureAwait(false);
            try
            {
                await ReconcileAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or IOException or OperationCanceledException)
            {
                log.LogError(e, "following the channel placement failed; retrying at the next change");
            }
            finally
            {
                creating.Release();
            }
        }
    }

    /// <summary>Brings the running channels in line with <see cref="Placement"/> now and returns once those placed elsewhere stopped (shard handoff).</summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        if (supervisor is null)
        {
            return;
        }

        await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReconcileAsync().ConfigureAwait(false);
        }
        finally
        {
            creating.Release();
        }
    }

    private async Task ReconcileAsync()
    {
        await RefreshRuntimeChannelsAsync().ConfigureAwait(false);
        foreach (var id in channels.Keys.Where(id => !Placement.IsLocal(id)))
        {
            await StopChannelAsync(id, CancellationToken.None).ConfigureAwait(false);
            log.LogInformation("channel /{Id} stopped: placed on another node", id);
        }

        var wanted = configured.Concat(runtimeChannels.Values.Select(SettingsOf));
        foreach (var settings in wanted.Where(s => Placement.IsLocal(s.Name) && !channels.ContainsKey(s.Name)).ToList())
        {
            await StartChannelAsync(settings, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Stops a channel's file loop, upstream actor and actor (which writes its rewind dump), drops its listeners and forgets it.</summary>
    private async Task StopChannelAsync(string id, CancellationToken cancellationToken)
    {
        if (loops.TryRemove(id, out var loop))
        {
            await loop.Stop.CancelAsync().ConfigureAwait(false);
            await loop.Run.ConfigureAwait(false);
            loop.Stop.Dispose();
        }

        await Pulls.StopAsync(id).ConfigureAwait(false);
        await Transcoders.StopAsync(id).ConfigureAwait(false);
        if (!channels.TryRemove(id, out var channel) || !actors.TryRemove(id, out var actor))
        {
            return;
        }

        // A rendition reads its source channel's buffer: its ffmpeg stops before that buffer goes.
        foreach (var rendition in channel.Settings.Renditions)
        {
            await Transcoders.StopAsync(rendition.ChannelName).ConfigureAwait(false);
        }

        channel.Listeners.DropAll("channel stopped");
        // The channel writes its final rewind dump before it stops; the next owner (or the next start here) restores it.
        if (!await ActorStop.GracefullyAsync(actor, StopChannel.Instance, StartTimeout, cancellationToken).ConfigureAwait(false))
        {
            log.LogWarning("channel {Mount} did not stop within {Timeout}", channel.Settings.Mount, StartTimeout);
        }

        // Its counters outlive the channel actor by design: the final dump and segment were numbered before it stopped.
        await StopReservationsAsync(id).ConfigureAwait(false);

        channel.Dispose();
    }

    /// <summary>Stops the persistent actors of a channel's counters, one writer per persistence id for the next start.</summary>
    private async Task StopReservationsAsync(string id)
    {
        if (reservationLogs.TryRemove(id, out var counters))
        {
            foreach (var counter in counters)
            {
                await ActorStop.GracefullyAsync(counter, PoisonPill.Instance, StartTimeout, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every channel name of this node's configuration and runtime registry, and any running channel, placed here or not.</summary>
    public IReadOnlyCollection<string> Names =>
        configured.Select(s => s.Name).Concat(runtimeChannels.Keys).Concat(channels.Keys).Distinct(StringComparer.Ordinal).ToList();

    private bool Exists(string name) => channels.ContainsKey(name) || runtimeChannels.ContainsKey(name) || configured.Any(s => s.Name == name);

    private sealed record ChannelLoop(CancellationTokenSource Stop, Task Run);
}
