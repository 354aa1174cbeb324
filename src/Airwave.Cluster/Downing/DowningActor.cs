using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Coordination;
using Akka.Event;
using Akka.Remote;
using static Akka.Cluster.ClusterEvent;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Airwave.Cluster.Downing;

/// <summary>
/// The cluster's downing actor (Akka starts it from <see cref="DowningProvider"/>): feeds <see cref="DowningState"/> the
/// cluster's events and this node's failure detector, and carries out its decisions under the resolver's lease as
/// Akka's <c>lease-majority</c> does: the side that holds the lease downs the other, a side that finds it held downs
/// itself, and the lease is given back once the downed members are gone. Unlike Akka's, a side whose lease database does
/// not answer downs nobody and decides again.
/// </summary>
internal sealed class DowningActor : UntypedActor, IWithTimers
{
    /// <summary>How often the state is asked for a decision; a decision is due at most this late.</summary>
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    private readonly AkkaCluster cluster;
    private readonly IFailureDetectorRegistry<Address> detector;
    private readonly DowningState state;
    private readonly Lease lease;
    private readonly TimeSpan releaseAfter;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ILoggingAdapter log = Context.GetLogger();
    private DowningDecision? pending;
    private ImmutableHashSet<UniqueAddress> releaseWhenRemoved = [];

    public DowningActor(AkkaCluster cluster, IFailureDetectorRegistry<Address> detector, DowningState state, Lease lease, TimeSpan releaseAfter)
    {
        this.cluster = cluster;
        this.detector = detector;
        this.state = state;
        this.lease = lease;
        this.releaseAfter = releaseAfter;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        cluster.Subscribe(Self, InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent), typeof(LeaderChanged));
        Timers.StartPeriodicTimer("tick", Tick.Instance, TickInterval);
    }

    protected override void PostStop()
    {
        cluster.Unsubscribe(Self);
        if (lease.CheckLease())
        {
            log.Info("downing: stopped while holding the resolver's lease; it expires by itself");
        }
    }

    protected override void OnReceive(object message)
    {
        var now = clock.Elapsed;
        switch (message)
        {
            case MemberRemoved removed:
                state.MemberRemoved(removed.Member.UniqueAddress, now);
                if (releaseWhenRemoved.Contains(removed.Member.UniqueAddress))
                {
                    releaseWhenRemoved = releaseWhenRemoved.Remove(removed.Member.UniqueAddress);
                    ReleaseLater();
                }

                break;
            case IMemberEvent changed:
                state.MemberChanged(changed.Member.UniqueAddress, changed.Member.Status, changed.Member.Roles, now);
                break;
            case UnreachableMember unreachable:
                state.ReachabilityChanged(unreachable.Member.UniqueAddress, reachable: false, now);
                break;
            case ReachableMember reachable:
                state.ReachabilityChanged(reachable.Member.UniqueAddress, reachable: true, now);
                break;
            case LeaderChanged leader:
                state.LeaderChanged(cluster.SelfAddress.Equals(leader.Leader));
                break;
            case Tick when pending is null:
                Decide(now);
                break;
            case Tick:
                break;
            case AcquireLease acquire:
                lease.Acquire().PipeTo(Self, success: held => new LeaseAcquired(acquire.Decision, held), failure: e => new LeaseAcquired(acquire.Decision, false, e));
                break;
            case LeaseAcquired { Held: true } acquired:
                pending = null;
                Act(acquired.Decision);
                break;
            case LeaseAcquired { Failure: { } failure }:
                // Unknown is not lost: Akka's resolver downs its own side here, so a member failing while the cluster
                // database is out took every other member with it. The decision is taken again after stable-after.
                pending = null;
                log.Warning("downing: the resolver's lease could not be acquired ({0}); deciding again in {1} s", failure.Message, state.StableAfter.TotalSeconds);
                break;
            case LeaseAcquired lost:
                pending = null;
                log.Warning("downing: the resolver's lease is another side's; this side goes down: {0}", string.Join(", ", lost.Decision.Keep.Select(n => n.Address)));
                DownAll(lost.Decision.Keep);
                break;
            case ReleaseDue:
                GiveLeaseBack();
                break;
            case Released:
                break;
        }
    }

    private void Decide(TimeSpan now)
    {
        if (state.Tick(now, Hears) is not { } decision)
        {
            return;
        }

        if (lease.CheckLease())
        {
            Act(decision);
            return;
        }

        pending = decision;
        log.Info("downing: trying for the resolver's lease to down {0}{1}", string.Join(", ", decision.Down.Select(n => n.Address)), decision.AcquireDelay > TimeSpan.Zero ? $" in {decision.AcquireDelay.TotalSeconds:0.#} s, as the smaller side" : "");
        Timers.StartSingleTimer("acquire", new AcquireLease(decision), decision.AcquireDelay);
    }

    /// <summary>Downs what is still to down with the lease held.</summary>
    private void Act(DowningDecision decision)
    {
        var down = state.StillToDown(decision.Down, Hears);
        var spared = decision.Down.Except(down);
        if (!down.IsEmpty)
        {
            log.Warning("downing: downing {0}, unreachable for a stable period", string.Join(", ", down.Select(n => n.Address)));
        }

        if (!spared.IsEmpty)
        {
            log.Info("downing: not downing {0}: reachable or heard here again since the decision", string.Join(", ", spared.Select(n => n.Address)));
        }

        DownAll(down);
        releaseWhenRemoved = releaseWhenRemoved.Union(down);
        ReleaseLater();
    }

    /// <summary>
    /// Gives the lease back <c>release-after</c> after the last member downed under it was removed (or at once downed
    /// nobody), as Akka's resolver does: the other side, which tries for it after its own delay, must find it held.
    /// </summary>
    private void ReleaseLater()
    {
        if (releaseWhenRemoved.IsEmpty)
        {
            Timers.StartSingleTimer("release", ReleaseDue.Instance, releaseAfter);
        }
        else
        {
            Timers.Cancel("release");
        }
    }

    /// <summary>Downs every member of <paramref name="nodes"/>, this node last: downing itself may stop it at once.</summary>
    private void DownAll(IEnumerable<UniqueAddress> nodes)
    {
        foreach (var node in nodes.OrderBy(n => n.Equals(cluster.SelfUniqueAddress)))
        {
            cluster.Down(node.Address);
        }
    }

    private void GiveLeaseBack()
    {
        lease.Release().PipeTo(Self, success: _ => Released.Instance, failure: _ => Released.Instance);
    }

    /// <summary>
    /// This node's own evidence: its detector monitors the member and has heard it within the acceptable pause. A member
    /// it does not monitor (clusters larger than <c>monitored-by-nr-of-members</c>) counts as not heard: the decision is
    /// then the records', as Akka's.
    /// </summary>
    private bool Hears(UniqueAddress node) => detector.IsMonitoring(node.Address) && detector.IsAvailable(node.Address);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class ReleaseDue
    {
        public static readonly ReleaseDue Instance = new();
    }

    private sealed class Released
    {
        public static readonly Released Instance = new();
    }

    private sealed record AcquireLease(DowningDecision Decision);

    private sealed record LeaseAcquired(DowningDecision Decision, bool Held, Exception? Failure = null);
}
