using Airwave.Streaming.Alerts;

namespace Airwave.Node.Alerts;

/// <summary>The conditions the node watches, as they are named in alerts, the API and <c>airwave_alerts_firing{condition}</c>.</summary>
internal static class AlertConditions
{
    /// <summary>A channel run here has had no source (pushed, pulled, looped, transcoder) for <c>sourceless-after</c>.</summary>
    public const string Sourceless = "sourceless";

    /// <summary>A channel run here has a source, but its MP3 audio stayed below <see cref="AudioLevel.SilenceDbfs"/> for <c>silence-after</c> (dead air).</summary>
    public const string Silence = "silence";

    /// <summary>A relay on this node is more than <c>relay-lag-after</c> behind its owner.</summary>
    public const string RelayLag = "relay-lag";

    /// <summary>A pulled channel failed over <c>upstream-failovers</c> times within <c>upstream-failover-window</c>.</summary>
    public const string UpstreamFailover = "upstream-failover";

    /// <summary>A cluster member is unreachable from this node.</summary>
    public const string MemberUnreachable = "member-unreachable";

    /// <summary>The data directory's file system is fuller than <c>disk-percent</c>.</summary>
    public const string DiskFull = "disk-full";

    /// <summary>The channel list (<c>channels-from</c>) could not be read at the last reconciliation on this node, where the reconciler runs.</summary>
    public const string ChannelList = "channel-list";

    public static IReadOnlyList<string> All { get; } = [Sourceless, Silence, RelayLag, UpstreamFailover, MemberUnreachable, DiskFull, ChannelList];

    /// <summary>PagerDuty's severity: listeners hear nothing, or the cluster lost a node, is worse than a slow relay or a flapping upstream that still plays.</summary>
    public static string Severity(string condition) => condition switch
    {
        Sourceless or Silence => "critical",
        MemberUnreachable or DiskFull or ChannelList => "error",
        _ => "warning",
    };
}
