using System.Data.Common;
using System.Net;
using Airwave.Cluster;
using Airwave.Cluster.Sharding;
using Akka.Actor;

namespace Airwave.Node.Hosting;

/// <summary>Joins the cluster when one is configured (else stands alone), keeps a master's shard leases, walks the node out through coordinated shutdown, and stops it when it is downed.</summary>
internal sealed class NodeMembership
{
    private volatile bool downed;

    private NodeMembership(IMembershipView view) => View = view;

    public IMembershipView View { get; }

    /// <summary>The cluster's shard leases; null when standalone.</summary>
    public ShardLeaseTable? ShardLeases { get; private init; }

    /// <summary>This master's shard leases; null when standalone or not a master.</summary>
    public ShardLeaseKeeper? ShardKeeper { get; private init; }

    /// <summary>The process exit code: non-zero when the node stopped because the cluster downed or removed it.</summary>
    public int ExitCode => downed ? 1 : 0;

    /// <summary>Registers the node in the cluster database and hooks its leave into coordinated shutdown; null when joining failed (logged).</summary>
    public static async Task<NodeMembership?> StartAsync(NodeSettings settings, ActorSystem system, ILoggerFactory loggers, ILogger log)
    {
        if (settings.Cluster is not { } options)
        {
            return new NodeMembership(new StandaloneMembership($"{Dns.GetHostName()}:{settings.HttpPort}", NodeRuntime.Version, DateTime.UtcNow));
        }

        NodeMembership? node = null;
        ClusterMembership cluster;
        try
        {
            cluster = await ClusterMembership.StartAsync(system, options, exit => node?.Exit(system, log, exit), loggers, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or ArgumentException or TimeoutException)
        {
            log.LogCritical("cannot join the cluster: {Reason}", e.Message);
            return null;
        }

        var shutdown = CoordinatedShutdown.Get(system);
        // Leaving first (docs/cluster.md, graceful leave): no shard is allocated to a Leaving master while it hands off and drains.
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseBeforeServiceUnbind, "cluster-leave", cluster.LeaveSelfAsync);
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseClusterExiting, "cluster-exiting", cluster.ExitingSelfAsync);
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseClusterShutdown, "cluster-removed", cluster.RemoveSelfAsync);
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "close-cluster-database", async _ => await cluster.DisposeAsync().ConfigureAwait(false));
        ShardLeaseTable leases;
        try
        {
            leases = await ShardLeaseTable.OpenAsync(options.ConnectionString, options.Schema, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            log.LogCritical("cannot open the shard leases: {Reason}", e.Message);
            return null;
        }

        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "close-shard-leases", async _ => await leases.DisposeAsync().ConfigureAwait(false));
        var keeper = options.Roles.Contains("master")
            ? ShardLeaseKeeper.Start(system, leases, options.Sharding, new ShardOwnerId(options.Address, cluster.Incarnation), () => cluster.Snapshot, loggers)
            : null;
        if (keeper is not null)
        {
            ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseClusterShardingShutdownRegion, "release-shard-leases", keeper.ReleaseAllAsync);
        }

        node = new NodeMembership(cluster) { ShardLeases = leases, ShardKeeper = keeper };
        log.LogInformation("joining the cluster as {Address} (incarnation {Incarnation:N}, roles {Roles})", options.Address, cluster.Incarnation, string.Join(",", options.Roles));
        return node;
    }

    private void Exit(ActorSystem system, ILogger log, SelfExit exit)
    {
        downed |= exit.Downed;
        if (exit.Downed)
        {
            log.LogError("this node was {Reason}: it stops serving and exits", exit.Reason);
        }
        else
        {
            log.LogInformation("this node was {Reason}: shutting down", exit.Reason);
        }

        _ = CoordinatedShutdown.Get(system).Run(new NodeStopReason(exit.Reason));
    }
}
