using Airwave.Channels;
using Airwave.Cluster;
using Airwave.Cluster.Sharding;
using Airwave.Node.Admin;
using Airwave.Streaming.Sessions;
using Akka.Actor;

namespace Airwave.Node.Hosting;

/// <summary>The running parts of a node that endpoints and the admin API read.</summary>
internal sealed class NodeRuntime(NodeSettings settings, ActorSystem system, ChannelDirectory channels, DateTime startedUtc)
{
    public NodeSettings Settings { get; } = settings;

    public ActorSystem System { get; } = system;

    public ChannelDirectory Channels { get; } = channels;

    public DateTime StartedUtc { get; } = startedUtc;

    /// <summary>The messages Akka could not deliver since start.</summary>
    public required DeadLetterCounter DeadLetters { get; init; }

    /// <summary>The node's listener sessions.</summary>
    public required ClientSessions Sessions { get; init; }

    /// <summary>The node's listens, for the analytics.</summary>
    public required Streaming.Analytics.ListeningRecorder Listening { get; init; }

    /// <summary>The listens every node of the cluster wrote, for the reports.</summary>
    public required Persistence.Analytics.IListenStore Listens { get; init; }

    /// <summary>The push of listening events to Elasticsearch, or null when <c>airwave.analytics.elasticsearch.url</c> is not set.</summary>
    public Analytics.ElasticsearchPush? ListenPush { get; init; }

    /// <summary>The node's on-demand transcode sessions.</summary>
    public required Channels.Transcoding.TranscodeSessions Transcodes { get; init; }

    /// <summary>What <c>GET /ready</c> answers: true until shutdown's first step stops accepting listeners, so "not ready" never precedes a refusal.</summary>
    public bool IsReady => !Sessions.IsDraining;

    /// <summary>The cluster's members as this node sees them (itself alone when standalone).</summary>
    public required IMembershipView Membership { get; init; }

    /// <summary>The alerts firing and recently resolved on this node.</summary>
    public required Alerts.AlertBoard Alerts { get; init; }

    /// <summary>The node's recent log lines.</summary>
    public required LogRing Logs { get; init; }

    /// <summary><c>airwave.sharding.number-of-shards</c>: the shards channels hash to.</summary>
    public int NumberOfShards { get; init; } = ShardOwners.DefaultNumberOfShards;

    /// <summary>The <c>channels</c> shard region (a proxy on slaves); null when standalone (every shard is local).</summary>
    public IActorRef? ChannelRegion { get; init; }

    /// <summary>The channel list's reconciler (its cluster singleton proxy in a cluster), or null when <c>airwave.channels-from</c> is not set.</summary>
    public IActorRef? ChannelList { get; init; }

    /// <summary>Whether the channel list read at its last reconciliation here (the <c>channel-list</c> alert).</summary>
    public required ChannelList.ChannelListHealth ChannelListHealth { get; init; }

    public static string Version { get; } =
        typeof(NodeRuntime).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public NodeStatus Status() => new(
        Settings.NodeName,
        Version,
        ["master", "slave"],
        StartedUtc,
        Math.Round((DateTime.UtcNow - StartedUtc).TotalSeconds, 1),
        Settings.HttpPort,
        Settings.AdminPort,
        Settings.DataDirectory,
        DeadLetters.Count,
        Environment.WorkingSet,
        GC.GetTotalMemory(forceFullCollection: false),
        GC.GetGCMemoryInfo().TotalCommittedBytes,
        Sessions.Resumed);
}
