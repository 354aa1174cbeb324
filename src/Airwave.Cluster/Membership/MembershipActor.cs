using System.Data.Common;
using Akka.Actor;
using Akka.Remote;
using Microsoft.Extensions.Logging;
using static Akka.Cluster.ClusterEvent;

namespace Airwave.Cluster.Membership;

/// <summary>
/// Keeps this node's view of the cluster fresh: records every member and reachability change Akka.Cluster reports into
/// the event log, refreshes this node's <c>cluster_node</c> row (so joining nodes see it live) and rereads the others'
/// rows, at once when a member joins and every few seconds otherwise. A node another member quarantined (it was
/// removed while frozen or cut off, and resumed after the removal) can never rejoin as this incarnation and never hears
/// that it was downed: it shuts down as downed, so it exits with 1 instead of going on as a cluster of its own.
/// </summary>
internal sealed class MembershipActor(NodeRegistry registry, NodeEntry self, MembershipEventLog events, Action<IReadOnlyList<NodeEntry>> entriesRead, ILogger log)
    : UntypedActor, IWithTimers
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, InitialStateAsSnapshot, typeof(IMemberEvent), typeof(IReachabilityEvent));
        Context.System.EventStream.Subscribe(Self, typeof(ThisActorSystemQuarantinedEvent));
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, TimeSpan.Zero, RefreshInterval);
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case CurrentClusterState:
                break;
            case IMemberEvent change:
                events.Append(change.Member.Address.ToString(), ChangeName(change), AkkaMembership.StatusOf(change.Member.Status), true);
                if (change is MemberJoined or MemberUp)
                {
                    Self.Tell(Reread.Instance);
                }

                break;
            case UnreachableMember unreachable:
                events.Append(unreachable.Member.Address.ToString(), "unreachable", AkkaMembership.StatusOf(unreachable.Member.Status), false);
                break;
            case ReachableMember reachable:
                events.Append(reachable.Member.Address.ToString(), "reachable", AkkaMembership.StatusOf(reachable.Member.Status), true);
                break;
            case ThisActorSystemQuarantinedEvent quarantined:
                log.LogError("this node was quarantined by {Remote}: the cluster removed it while it could not answer; it shuts down as downed", quarantined.RemoteAddress);
                _ = CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterDowningReason.Instance);
                break;
            case Refresh:
                RunTask(() => ReadAsync(refresh: true));
                break;
            case Reread:
                RunTask(() => ReadAsync(refresh: false));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private static string ChangeName(IMemberEvent change) => change switch
    {
        MemberJoined => "joined",
        MemberWeaklyUp => "weakly-up",
        MemberUp => "up",
        MemberLeft => "leaving",
        MemberExited => "exiting",
        MemberDowned => "downed",
        MemberRemoved removed => "removed (was " + removed.PreviousStatus.ToString().ToLowerInvariant() + ")",
        _ => change.GetType().Name,
    };

    private async Task ReadAsync(bool refresh)
    {
        try
        {
            if (refresh)
            {
                await registry.RefreshAsync(self.Address, self.Incarnation, CancellationToken.None).ConfigureAwait(false);
            }

            entriesRead(await registry.ReadAsync(CancellationToken.None).ConfigureAwait(false));
        }
        catch (DbException e)
        {
            log.LogWarning("cluster database unavailable, node addresses not refreshed: {Reason}", e.Message);
        }
    }

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private sealed class Reread
    {
        public static readonly Reread Instance = new();
    }
}
