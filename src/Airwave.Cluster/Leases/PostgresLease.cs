using System.Data.Common;
using System.Diagnostics;
using Akka.Actor;
using Akka.Coordination;
using Akka.Event;

namespace Airwave.Cluster.Leases;

/// <summary>
/// An <see cref="Lease"/> on the cluster's PostgreSQL (<c>cluster_lease</c>), for the split-brain resolver's
/// <c>lease-majority</c> and for each shard of the <c>channels</c> region (<c>use-lease</c>). Config (the section <c>lease-implementation</c> names): <c>lease-class</c>,
/// <c>connection-string</c>, <c>schema</c>, and Akka's <c>heartbeat-timeout</c> (how long the lease lasts after the
/// last renewal), <c>heartbeat-interval</c> (how often the holder renews) and <c>lease-operation-timeout</c>.
/// </summary>
/// <remarks>
/// The holder stops believing it holds the lease (<see cref="CheckLease"/>) a fifth of the TTL before the database
/// could let another owner take it, counted on the monotonic clock from the start of the last successful renewal: a
/// process frozen past that (SIGSTOP, a long GC pause) gives the lease up before anyone else can have it.
/// While the database cannot be reached and every cluster member can, the holder keeps the lease: nobody else can take
/// it without the database, and no member is being downed, so a database restart never stops a channel. It renews the
/// lease once the database is back, expired or not, as long as its epoch shows nobody took it in between.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The renewal loop disposes its token source when it ends; Akka never disposes a lease.")]
public sealed class PostgresLease : Lease
{
    private readonly LeaseTable table;
    private readonly ILoggingAdapter log;
    private readonly TimeSpan ttl;
    private readonly TimeSpan renewEvery;
    private readonly TimeSpan operationTimeout;
    private readonly Akka.Cluster.Cluster? cluster;
    private readonly Lock gate = new();
    private long deadline;
    private long epoch;
    private bool riding;
    private CancellationTokenSource? renewing;

    public PostgresLease(LeaseSettings settings, ExtendedActorSystem system)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(system);
        var config = settings.LeaseConfig;
        table = LeaseTable.Of(config.GetString("connection-string"), config.GetString("schema", "public"));
        ttl = settings.TimeoutSettings.HeartbeatTimeout;
        renewEvery = settings.TimeoutSettings.HeartbeatInterval;
        operationTimeout = settings.TimeoutSettings.OperationTimeout;
        log = Logging.GetLogger(system, typeof(PostgresLease));
        cluster = system.Provider is Akka.Cluster.ClusterActorRefProvider ? Akka.Cluster.Cluster.Get(system) : null;
    }

    /// <summary>The lease's fencing epoch while held here (it changes only when the lease changes owner), else null.</summary>
    public long? Epoch
    {
        get
        {
            lock (gate)
            {
                return renewing is null ? null : epoch;
            }
        }
    }

    public override Task<bool> Acquire() => Acquire(_ => { });

    public override async Task<bool> Acquire(Action<Exception> leaseLostCallback)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(operationTimeout);
        long? acquired;
        try
        {
            acquired = await table.AcquireAsync(Settings.LeaseName, Settings.OwnerName, ttl, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException)
        {
            throw new LeaseTimeoutException($"lease {Settings.LeaseName}: the cluster database did not answer: {e.Message}", e);
        }

        if (acquired is { } held)
        {
            Hold(started, held, leaseLostCallback);
        }

        return acquired is not null;
    }

    public override async Task<bool> Release()
    {
        lock (gate)
        {
            renewing?.Cancel();
            renewing = null;
            deadline = 0;
        }

        using var timeout = new CancellationTokenSource(operationTimeout);
        try
        {
            await table.ReleaseAsync(Settings.LeaseName, Settings.OwnerName, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException)
        {
            // Not holding it any more is what matters; the row expires by itself.
            log.Warning("lease {0}: not released in the cluster database ({1}); it expires by itself", Settings.LeaseName, e.Message);
        }

        return true;
    }

    public override bool CheckLease()
    {
        lock (gate)
        {
            return Stopwatch.GetTimestamp() < deadline;
        }
    }

    /// <summary>True when this node is Up and sees every member reachable: nobody is being downed, so nobody takes the lease over.</summary>
    private bool EveryMemberReachable() =>
        cluster is { } c && c.State is var state && state.Unreachable.IsEmpty && c.SelfMember.Status == Akka.Cluster.MemberStatus.Up;

    /// <summary>Logs the start and the end of a database outage once each (called under the gate).</summary>
    private void Ride(string? failure)
    {
        if (failure is not null && !riding)
        {
            riding = true;
            log.Warning("lease {0}: {1}; kept while every cluster member is reachable", Settings.LeaseName, failure);
        }
        else if (failure is null && riding)
        {
            riding = false;
            log.Info("lease {0}: cluster database reachable again, lease renewed", Settings.LeaseName);
        }
    }

    private long DeadlineFrom(long started) => started + (long)((ttl - ttl / 5).TotalSeconds * Stopwatch.Frequency);

    private void Hold(long started, long held, Action<Exception> lost)
    {
        CancellationTokenSource renewal;
        lock (gate)
        {
            deadline = DeadlineFrom(started);
            epoch = held;
            if (renewing is not null)
            {
                return;
            }

            renewal = renewing = new CancellationTokenSource();
        }

        _ = Task.Run(() => RenewAsync(renewal, lost), CancellationToken.None);
    }

    /// <summary>Renews until released, refused, or the local deadline passed without a successful renewal; the last two call <paramref name="lost"/>.</summary>
    private async Task RenewAsync(CancellationTokenSource renewal, Action<Exception> lost)
    {
        try
        {
            while (true)
            {
                await Task.Delay(renewEvery, renewal.Token).ConfigureAwait(false);
                var started = Stopwatch.GetTimestamp();
                string? failure;
                long held;
                lock (gate)
                {
                    held = epoch;
                }

                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(renewal.Token);
                    timeout.CancelAfter(operationTimeout);
                    failure = await table.RenewAsync(Settings.LeaseName, Settings.OwnerName, held, ttl, timeout.Token).ConfigureAwait(false) ? null : "renewal refused";
                }
                catch (Exception e) when (e is DbException || (e is OperationCanceledException && !renewal.IsCancellationRequested))
                {
                    failure = "cluster database unavailable: " + e.Message;
                }

                lock (gate)
                {
                    if (renewing != renewal)
                    {
                        return;
                    }

                    var refused = failure?.StartsWith("renewal refused", StringComparison.Ordinal) == true;
                    if (failure is null || (!refused && Stopwatch.GetTimestamp() < deadline && EveryMemberReachable()))
                    {
                        // Renewed, or riding out a database outage on a live, whole cluster (see the remarks).
                        deadline = DeadlineFrom(started);
                        Ride(failure);
                        continue;
                    }

                    if (!refused && Stopwatch.GetTimestamp() < deadline)
                    {
                        continue;
                    }

                    renewing = null;
                    deadline = 0;
                }

                log.Warning("lease {0} lost: {1}", Settings.LeaseName, failure);
                lost(new LeaseException($"lease {Settings.LeaseName} lost: {failure}"));
                return;
            }
        }
        catch (OperationCanceledException) when (renewal.IsCancellationRequested)
        {
        }
        finally
        {
            renewal.Dispose();
        }
    }
}
