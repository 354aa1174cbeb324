using System.Data.Common;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Cluster.Membership;

/// <summary>
/// Owns this node's heartbeat: every interval it heartbeats, promotes itself from Joining to Up, publishes the members it
/// reads, reports when it finds itself Down, Removed or Leaving, and does the leader's duties when it leads.
/// </summary>
internal sealed class MembershipActor(MembershipTable table, ClusterOptions options, Guid incarnation, MembershipState state, ILogger log) : UntypedActor, IWithTimers
{
    /// <summary>Removed members stay listed this long before the leader deletes their rows.</summary>
    private static readonly TimeSpan RemovedRetention = TimeSpan.FromHours(1);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("heartbeat", MembershipTick.Instance, TimeSpan.Zero, options.HeartbeatInterval);

    // One tick at a time including its database round trips: RunTask suspends the mailbox until the task is done.
    protected override void OnReceive(object message)
    {
        if (message is MembershipTick)
        {
            RunTask(TickSafelyAsync);
        }
        else
        {
            Unhandled(message);
        }
    }

    private async Task TickSafelyAsync()
    {
        try
        {
            await TickAsync().ConfigureAwait(false);
        }
        catch (DbException e)
        {
            log.LogWarning("cluster database unavailable, heartbeat missed: {Reason}", e.Message);
        }
    }

    private async Task TickAsync()
    {
        var status = await table.HeartbeatAsync(options.Address, incarnation, CancellationToken.None).ConfigureAwait(false);
        if (status == MemberStatus.Joining)
        {
            var promoted = await table.TransitionAsync(
                new MemberFilter([MemberStatus.Joining]) { Address = options.Address, Incarnation = incarnation, NoOtherLiveIncarnation = true },
                MemberStatus.Up, "joined: no older incarnation is live", CancellationToken.None).ConfigureAwait(false);
            if (promoted.Count > 0)
            {
                status = MemberStatus.Up;
                log.LogInformation("member {Address} is Up", options.Address);
            }
        }

        var members = await table.ReadAsync(options.FailureTimeout, CancellationToken.None).ConfigureAwait(false);
        var leader = MembershipSnapshot.LeaderOf(members);
        state.Publish(new MembershipSnapshot(options.Address, leader, members));
        switch (status)
        {
            case null or MemberStatus.Down or MemberStatus.Removed:
                state.RequestExit(new SelfExit(status is MemberStatus.Down ? "marked down" : "removed from the cluster", Downed: true));
                return;
            case MemberStatus.Leaving or MemberStatus.Exiting:
                state.RequestExit(new SelfExit("asked to leave the cluster", Downed: false));
                break;
        }

        if (leader == options.Address)
        {
            await LeadAsync().ConfigureAwait(false);
        }
    }

    private async Task LeadAsync()
    {
        await Log(table.TransitionAsync(new MemberFilter([MemberStatus.Leaving]), MemberStatus.Exiting, "leader: leaving member exits", CancellationToken.None)).ConfigureAwait(false);
        await Log(table.TransitionAsync(
            new MemberFilter([MemberStatus.Exiting, MemberStatus.Down]) { SilentFor = options.FailureTimeout },
            MemberStatus.Removed, "leader: removed after it stopped", CancellationToken.None)).ConfigureAwait(false);
        if (options.DownAfter > TimeSpan.Zero)
        {
            await Log(table.TransitionAsync(
                new MemberFilter([MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving]) { SilentFor = options.DownAfter },
                MemberStatus.Down, $"leader: auto-down after {options.DownAfter.TotalSeconds:0.#}s unreachable", CancellationToken.None)).ConfigureAwait(false);
        }

        await table.PruneRemovedAsync(RemovedRetention, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task Log(Task<IReadOnlyList<MembershipEvent>> transition)
    {
        foreach (var change in await transition.ConfigureAwait(false))
        {
            log.LogInformation("member {Address} {From} -> {To} ({Reason})", change.Address, change.From, change.To, change.Reason);
        }
    }
}
