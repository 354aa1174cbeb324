using System.Data.Common;
using System.Net;
using Airwave.Cluster;
using Akka.Actor;

namespace Airwave.Node.Hosting;

/// <summary>Joins the cluster when one is configured (else stands alone) and walks the node out through coordinated shutdown.</summary>
internal sealed class NodeMembership
{
    private NodeMembership(IMembershipView view) => View = view;

    public IMembershipView View { get; }

    /// <summary>
    /// The process exit code once the actor system stopped: 1 when Akka.Cluster downed this node or it could not join (a
    /// supervisor should start a fresh one), else 0 (a signal, or a graceful <c>cluster leave</c>).
    /// </summary>
    public static int ExitCodeOf(ActorSystem system) =>
        CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason ? 1 : 0;

    /// <summary>Registers the node, joins the cluster and hooks its leave into coordinated shutdown; null when joining failed (logged).</summary>
    public static async Task<NodeMembership?> StartAsync(NodeSettings settings, ActorSystem system, ILoggerFactory loggers, ILogger log)
    {
        if (settings.Cluster is not { } options)
        {
            return new NodeMembership(new StandaloneMembership($"akka://{system.Name}", $"{Dns.GetHostName()}:{settings.HttpPort}", NodeRuntime.Version));
        }

        AkkaMembership cluster;
        try
        {
            cluster = await AkkaMembership.StartAsync(system, options, loggers, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or ArgumentException or TimeoutException or InvalidOperationException)
        {
            log.LogCritical("cannot join the cluster: {Reason}", e.Message);
            return null;
        }

        var shutdown = CoordinatedShutdown.Get(system);
        // Leaving first (docs/cluster.md, graceful leave): no shard is allocated to a Leaving master while it hands off and drains.
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseBeforeServiceUnbind, "cluster-leave-first", cluster.LeaveSelfAsync);
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "close-cluster-database", async _ => await cluster.DisposeAsync().ConfigureAwait(false));
        log.LogInformation("member {Address} of the cluster (HTTP {Http}, incarnation {Incarnation:N}, roles {Roles})",
            cluster.Self.Address, options.Address, cluster.Self.Incarnation, string.Join(",", options.Roles));
        return new NodeMembership(cluster);
    }
}
