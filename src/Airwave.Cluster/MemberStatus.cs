using System.Text.Json.Serialization;

namespace Airwave.Cluster;

/// <summary>Where a member is in its life in the cluster: Akka.Cluster's statuses, by name; reachability is a separate flag.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemberStatus>))]
public enum MemberStatus
{
    Joining,
    WeaklyUp,
    Up,
    Leaving,
    Exiting,
    Down,
    Removed,
}
