using System.Data.Common;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Cluster.Sharding;

/// <summary>
/// Keeps this master's shard leases: every third of the TTL it gives up leases it failed to renew before its local deadline,
/// renews the others, acquires the free shards the allocator assigns to it and, once per rebalance interval, releases the
/// shards the allocator moves to a less-loaded master (which acquires them on its next tick). While the cluster
/// database is unreachable and every member is, it keeps what it holds (a database restart must not stop channels).
/// </summary>
internal sealed class ShardLeaseKeeperActor(
    ShardLeaseTable table, ShardLeaseOptions options, ShardOwnerId self, Func<MembershipSnapshot> membership, ShardOwnership ownership,
    TimeProvider clock, Action<ShardOwnershipChanged> changed, Func<CancellationToken, Task> handOff, ILogger log) : UntypedActor, IWithTimers
{
    private long lastRebalance = clock.GetTimestamp();
    private bool riding;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("renew", ShardLeaseTick.Instance, TimeSpan.Zero, options.RenewInterval);

    // One message at a time including its database round trips: RunTask suspends the mailbox until the task is done.
    protected override void OnReceive(object message) => RunTask(() => HandleAsync(message));

    private async Task HandleAsync(object message)
    {
        try
        {
            switch (message)
            {
                case ShardLeaseTick when !ownership.Leaving:
                    await TickAsync().ConfigureAwait(false);
                    break;
                case StopOwningShards stop:
                    var retired = ownership.Retire();
                    if (retired.Count > 0)
                    {
                        log.LogInformation("stopped owning {Count} shards: node leaving", retired.Count);
                        changed(new ShardOwnershipChanged([], retired, "stopped owning: node leaving"));
                    }

                    stop.Done.TrySetResult();
                    break;
                case ReleaseAllShards release:
                    await ReleaseAllAsync(release).ConfigureAwait(false);
                    break;
                case ShardLeaseTick:
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
        catch (DbException e)
        {
            log.LogWarning("cluster database unavailable, shard leases not renewed: {Reason}", e.Message);
            (message as ReleaseAllShards)?.Done.TrySetResult();
        }
    }

    private async Task TickAsync()
    {
        var start = clock.GetTimestamp();
        var held = ownership.Recorded;
        if (held.Count > 0 && start >= ownership.Deadline)
        {
            ownership.Clear();
            log.LogWarning("gave up {Count} shard leases: they were not renewed before the local deadline", held.Count);
            changed(new ShardOwnershipChanged([], [.. held.Keys.Order()], "gave up: not renewed before the local deadline"));
            await table.ReleaseAsync(self, [.. held.Keys], CancellationToken.None).ConfigureAwait(false);
            held = ownership.Recorded;
        }

        var deadline = start + (long)((options.LeaseTtl - options.SafetyMargin).TotalSeconds * clock.TimestampFrequency);
        IReadOnlyDictionary<int, long> renewed;
        try
        {
            renewed = held.Count > 0 ? await table.RenewAsync(self, held, options.LeaseTtl, CancellationToken.None).ConfigureAwait(false) : held;
        }
        catch (DbException e) when (held.Count > 0 && EveryMemberReachable())
        {
            // The database is down for this node: no master may take a shard of an Up, reachable one (ShardAllocator) and
            // none can acquire without the database, so the channels go on. A node that also loses sight of a member, or
            // that was frozen past its deadline, gives its shards up as before.
            ownership.Set(held, deadline);
            if (!riding)
            {
                riding = true;
                log.LogWarning("cluster database unavailable ({Reason}): keeping {Count} shards while every member is reachable", e.Message, held.Count);
            }

            return;
        }

        if (riding)
        {
            riding = false;
            log.LogInformation("cluster database reachable again: {Count} of {Held} shard leases renewed", renewed.Count, held.Count);
        }

        ownership.Set(renewed, deadline);
        Report([], [.. held.Keys.Where(s => !renewed.ContainsKey(s))], "lease lost: renewal refused");

        var masters = membership().Members
            .Where(m => m.Status == MemberStatus.Up && m.Reachable && m.Roles.Contains("master"))
            .Select(m => new ShardOwnerId(m.HttpAddress, m.Incarnation))
            .ToList();
        if (!masters.Contains(self))
        {
            return;
        }

        var leases = await table.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        var plan = ShardAllocator.Plan(masters, leases, options.NumberOfShards, options.RebalanceRelativeLimit);
        // Its own leases that expired unreleased (it gave them up while the database was down) count as its own to the
        // allocator: it takes them back itself.
        var assigned = plan.Allocations.Where(a => a.Value == self).Select(a => a.Key)
            .Concat(leases.Where(l => !l.Live && !l.Released && l.Owner == self && !renewed.ContainsKey(l.ShardId)).Select(l => l.ShardId))
            .ToList();
        if (assigned.Count > 0)
        {
            var acquired = await table.AcquireAsync(self, assigned, options.LeaseTtl, CancellationToken.None).ConfigureAwait(false);
            ownership.Set(renewed.Concat(acquired).ToDictionary(), deadline);
            Report([.. acquired.Keys.Order()], [], "acquired free shards");
        }

        if (clock.GetElapsedTime(lastRebalance) >= options.RebalanceInterval)
        {
            lastRebalance = clock.GetTimestamp();
            var moving = plan.Moves.Where(m => m.From == self).Select(m => m.ShardId).ToHashSet();
            if (moving.Count > 0)
            {
                ownership.Set(ownership.Recorded.Where(s => !moving.Contains(s.Key)).ToDictionary(), deadline);
                Report([], [.. moving.Order()], "rebalance: moved to a less-loaded master");
                await HandOffAsync().ConfigureAwait(false);
                await table.ReleaseAsync(self, moving, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private bool EveryMemberReachable() => membership().Members is var members && members.All(m => m.Reachable) && members.Any(m => m.HttpAddress == self.Address && m.Status == MemberStatus.Up);

    /// <summary>Waits (at most a renewal interval, so renewals never fall behind) until the shards just given up stopped here.</summary>
    private async Task HandOffAsync()
    {
        using var limit = new CancellationTokenSource(options.RenewInterval);
        try
        {
            await handOff(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log.LogWarning("channels of the shards handed off did not stop within {Limit}; releasing their leases anyway", options.RenewInterval);
        }
    }

    private async Task ReleaseAllAsync(ReleaseAllShards release)
    {
        // Shards still held here were not given up by StopOwningShards first; either way the node takes none again.
        var held = ownership.Recorded;
        ownership.Retire();
        Report([], [.. held.Keys.Order()], "released: node leaving");
        var releasing = held.Keys.Concat(ownership.Retired).Distinct().ToList();
        if (releasing.Count > 0)
        {
            await table.ReleaseAsync(self, releasing, CancellationToken.None).ConfigureAwait(false);
        }

        release.Done.TrySetResult();
    }

    private void Report(IReadOnlyList<int> gained, IReadOnlyList<int> lost, string reason)
    {
        if (gained.Count > 0 || lost.Count > 0)
        {
            log.LogInformation("shards {Reason}: +{Gained} -{Lost}, {Owned} owned", reason, gained.Count, lost.Count, ownership.Recorded.Count);
            changed(new ShardOwnershipChanged(gained, lost, reason));
        }
    }
}
