using Airwave.Cluster.Sharding;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Coordination;

namespace Airwave.Node.Placement;

/// <summary>
/// A channel's entity in the <c>channels</c> shard region: while it runs on a master, the channel is placed there (the
/// directory starts it); handed off, it stops the channel (final rewind dump, counters persisted) before it stops, so
/// the next owner starts from there. It passivates, and is forgotten by remember-entities, once the channel is no
/// longer configured or added anywhere.
/// </summary>
internal sealed class ChannelEntity : ReceiveActor, IWithTimers
{
    /// <summary>How often the entity checks that its channel still exists.</summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly string channelId;
    private readonly ShardedPlacement placement;
    private readonly Lease? lease;

    public ChannelEntity(string channelId, ShardedPlacement placement, Lease? lease, ChannelEntityContext context)
    {
        this.channelId = channelId;
        this.placement = placement;
        this.lease = lease;
        Receive<EnsureChannel>(_ => { });
        Receive<LocateChannel>(_ => Sender.Tell(new ChannelOwner(channelId, context.HttpAddress)));
        Receive<CheckChannelExists>(_ =>
        {
            if (!context.Exists(channelId))
            {
                context.Log.LogInformation("channel /{Id} no longer exists: its entity passivates", channelId);
                Context.Parent.Tell(new Passivate(HandOffChannel.Instance));
            }
        });
        Receive<HandOffChannel>(_ =>
        {
            placement.HandOff(channelId);
            SettleAsync(context).PipeTo(Self);
        });
        Receive<ChannelSettled>(_ => Context.Stop(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        placement.Hold(channelId, lease);
        Timers.StartPeriodicTimer("exists", CheckChannelExists.Instance, CheckInterval);
    }

    protected override void PostStop() => placement.Release(channelId);

    /// <summary>Waits until the directory stopped the channel, at most the handoff timeout; never fails, so the entity always stops.</summary>
    private async Task<ChannelSettled> SettleAsync(ChannelEntityContext context)
    {
        using var limit = new CancellationTokenSource(context.HandOffTimeout);
        try
        {
            await context.Settle(limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The directory stopped already (node shutdown: every channel stopped with its dump) or took too long.
            context.Log.LogWarning("channel /{Id} handed off before it settled: {Reason}", channelId, e.Message);
        }

        return ChannelSettled.Instance;
    }

    private sealed class ChannelSettled
    {
        public static ChannelSettled Instance { get; } = new();
    }

    private sealed class CheckChannelExists
    {
        public static CheckChannelExists Instance { get; } = new();
    }
}
