using System.Globalization;
using System.Text;
using Airwave.Channels.Journaling;
using Airwave.Cluster;
using Airwave.Cluster.Downing;
using Airwave.Cluster.FailureDetection;
using Airwave.Cluster.Leases;
using Airwave.Hocon.Values;
using Airwave.Persistence;
using Akka.Cluster.SBR;
using Akka.Configuration;

namespace Airwave.Node.Hosting;

/// <summary>
/// The configuration the node's actor system starts with: what the node decides (a local actor provider, or remoting
/// and Akka.Cluster on a cluster node; coordinated shutdown's phase timeouts, log levels), overridden by the <c>akka { }</c> block of the node's
/// file. That block was read by the project's own HOCON reader with the rest of the file (environment variables,
/// <c>+=</c>, file:line errors); Akka gets it as plain, resolved text and never parses an operator's file itself.
/// Akka's loggers (the node's own) are set where the system is composed, in <see cref="NodeHost"/>.
/// </summary>
internal static class AkkaConfig
{
    /// <summary>The name every node's actor system has: paths read <c>akka://airwave/user/...</c>.</summary>
    public const string SystemName = "airwave";

    /// <param name="configuration">The node's configuration; its <c>akka</c> section, if any, wins over the defaults.</param>
    /// <param name="phaseTimeout">How long each coordinated-shutdown phase may take (<c>airwave.actors.shutdown-phase-timeout</c>).</param>
    /// <param name="unbindTimeout">How long the service-unbind phase, which drains listeners, may take.</param>
    /// <param name="persistence">Where the persistent actors' journal and snapshots go.</param>
    /// <param name="cluster">The cluster this node joins, or null: standalone, no remoting at all.</param>
    /// <param name="bind">The address remoting binds, the listener port's.</param>
    public static Config Build(IConfiguration configuration, TimeSpan phaseTimeout, TimeSpan unbindTimeout, PersistenceOptions persistence, ClusterOptions? cluster, string bind)
    {
        var defaults = $$"""
            akka {
              loglevel = INFO
              stdout-loglevel = WARNING
              log-dead-letters-during-shutdown = off
              actor.provider = local
              # Akka's timer wheel wakes the thread pool on every tick: an idle standalone node spent 4.9 % of a core at the
              # default 10 ms (docs/benchmarks.md). No timer here needs to be finer than half a second: sweeps, ticks and
              # backoffs are seconds, and an immediate retry is told, not timed.
              scheduler.tick-duration = 500ms
              coordinated-shutdown {
                default-phase-timeout = {{Milliseconds(phaseTimeout)}}
                phases.service-unbind.timeout = {{Milliseconds(unbindTimeout)}}
                # The node hooks SIGTERM/SIGINT itself and runs the shutdown; the process exits when Main returns.
                run-by-clr-shutdown-hook = off
                exit-clr = off
              }
            }
            """;
        var configured = Render(configuration.GetSection("akka"));
        var config = ConfigurationFactory.ParseString(defaults).WithFallback(AkkaPersistenceConfig.Build(persistence));
        if (cluster is not null)
        {
            config = ConfigurationFactory.ParseString(Clustered(cluster, bind)).WithFallback(config);
        }

        return configured.Length == 0 ? config : ConfigurationFactory.ParseString(configured).WithFallback(config);
    }

    /// <summary>
    /// Stops a cluster node whose <c>akka { }</c> block names another split-brain strategy than <c>lease-majority</c> for
    /// the node's own downing provider, which takes no other: at start, naming where it was set, rather than the cluster
    /// daemon failing once the node has joined.
    /// </summary>
    public static void CheckDowning(IConfiguration configuration)
    {
        const string Strategy = "akka:cluster:split-brain-resolver:active-strategy";
        var provider = configuration["akka:cluster:downing-provider-class"];
        if (configuration[Strategy] is { Length: > 0 } strategy && strategy != SplitBrainResolverSettings.LeaseMajorityName &&
            (provider is null || provider.StartsWith(typeof(DowningProvider).FullName!, StringComparison.Ordinal)))
        {
            throw configuration.InvalidValue(
                Strategy,
                $"is {strategy}, but the node's downing provider decides only with lease-majority. Leave it unset, or set akka.cluster.downing-provider-class = \"Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster\" for Akka's own resolver with {strategy}");
        }
    }

    /// <summary>
    /// Remoting, Akka.Cluster and its split-brain resolver, with the timings measured in docs/cluster.md: a member is
    /// unreachable after about 3 s without heartbeats and downed 3 s after the cluster's view of it stopped changing. The
    /// resolver keeps the side that holds a lease in the cluster database (lease-majority), so two halves of a cluster
    /// never both go on, and a side of one node out of two is not downed for being the smaller.
    /// Channels are entities of the <c>channels</c> shard region on masters: remembered in the journal (so a dead
    /// master's channels start elsewhere with nobody asking, and survive a full cluster restart), each shard under a lease
    /// of the same table (so a master frozen past it never appends beside the next owner). The coordinator's state is in
    /// the journal too: with ddata it restarted a dead master's shards 2 s later. Durable ddata stays off: its
    /// LightningDB fails at run time with the version served (AKKA-NOTES).
    /// </summary>
    private static string Clustered(ClusterOptions cluster, string bind) => $$"""
        akka {
          actor.provider = cluster
          # Heartbeats, gossip and the leader's actions run every 500 ms; on the standalone node's 500 ms tick such a
          # timer sometimes slips a whole tick, and Akka warns of a heartbeat sent 1 s after the last. A 250 ms tick keeps
          # the slip under that and costs nothing measurable idle (docs/benchmarks.md).
          scheduler.tick-duration = 250ms
          remote.dot-netty.tcp {
            hostname = {{Quote(bind)}}
            public-hostname = {{Quote(cluster.PublicHost)}}
            port = {{cluster.Port.ToString(CultureInfo.InvariantCulture)}}
          }
          cluster {
            roles = [{{string.Join(", ", cluster.Roles.Select(Quote))}}]
            app-version = {{Quote(cluster.AppVersion)}}
            failure-detector {
              # Akka's phi accrual detector on a clock that stands still while this process does not run: a member resumed
              # from a freeze does not report the others unreachable for the silence it did not hear.
              implementation-class = "{{typeof(PauseAwareFailureDetector).FullName}}, {{typeof(PauseAwareFailureDetector).Assembly.GetName().Name}}"
              heartbeat-interval = 500ms
              acceptable-heartbeat-pause = 2s
            }
            # Akka's lease-majority resolver, except that the leader never downs a member it itself hears: Akka's downed a
            # healthy member, or the whole cluster, with a member resumed from a freeze near its decision (docs/cluster.md).
            downing-provider-class = "{{typeof(DowningProvider).FullName}}, {{typeof(DowningProvider).Assembly.GetName().Name}}"
            split-brain-resolver {
              active-strategy = lease-majority
              stable-after = 3s
              lease-majority.lease-implementation = "{{ChannelClustering.LeaseSection}}"
            }
            # A downed node must not serve on as a zombie: it shuts down and the process exits with 1.
            run-coordinated-shutdown-when-down = on
            # How long after downing a member it is removed and its shards and singletons move (Akka's default is the
            # resolver's stable-after). Each shard's lease, not this margin, keeps two masters from running a channel, so
            # the margin only needs to let a downed node see it and stop: 1 s cut a dead master's channel restart by
            # several seconds (docs/benchmarks.md).
            down-removal-margin = 1s
            # Downing, removal and the shards' move each wait for gossip to spread and the leader to act: at Akka's 1 s
            # each, a dead master's channels waited several seconds more between the resolver's decision and their
            # restart.
            gossip-interval = 500ms
            leader-actions-interval = 500ms
            log-info-verbose = off
            sharding {
              role = "master"
              remember-entities = on
              remember-entities-store = eventsourced
              state-store-mode = persistence
              distributed-data.durable.keys = []
              use-lease = "{{ChannelClustering.LeaseSection}}"
              lease-retry-interval = 1s
              rebalance-interval = {{Milliseconds(cluster.Sharding.RebalanceInterval)}}
              passivate-idle-entity-after = off
              # Akka's newer least-shard allocation: moves shards only towards the optimal spread, so an odd number of
              # shards never ping-pongs between two masters (the legacy rule, absolute limit 0, moves on a difference of 1).
              least-shard-allocation-strategy {
                rebalance-absolute-limit = 20
                rebalance-relative-limit = 0.1
              }
            }
          }
        }
        {{ChannelClustering.LeaseSection}} {
          lease-class = "{{typeof(PostgresLease).FullName}}, {{typeof(PostgresLease).Assembly.GetName().Name}}"
          connection-string = {{Quote(cluster.ConnectionString)}}
          schema = {{Quote(cluster.Schema)}}
          heartbeat-timeout = {{Milliseconds(cluster.Sharding.LeaseTtl)}}
          heartbeat-interval = {{Milliseconds(cluster.Sharding.LeaseTtl / 5)}}
          lease-operation-timeout = {{Milliseconds(TimeSpan.FromSeconds(Math.Min(5, cluster.Sharding.LeaseTtl.TotalSeconds / 2)))}}
        }
        """;

    private static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>The section as HOCON: objects as paths, numbered children as lists, every value quoted (Akka reads durations, sizes, numbers and flags from strings).</summary>
    private static string Render(IConfigurationSection section)
    {
        var text = new StringBuilder();
        foreach (var child in section.GetChildren())
        {
            Render(child, "akka." + Quote(child.Key), text);
        }

        return text.ToString();
    }

    private static void Render(IConfigurationSection section, string path, StringBuilder text)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            text.Append(path).Append(" = ").Append(Quote(section.Value ?? "")).Append('\n');
            return;
        }

        if (IsList(children))
        {
            text.Append(path).Append(" = [")
                .AppendJoin(", ", children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(c => Quote(c.Value ?? "")))
                .Append("]\n");
            return;
        }

        foreach (var child in children)
        {
            Render(child, path + "." + Quote(child.Key), text);
        }
    }

    private static bool IsList(List<IConfigurationSection> children) =>
        children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !c.GetChildren().Any());

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
