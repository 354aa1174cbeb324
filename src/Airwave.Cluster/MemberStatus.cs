using System.Text.Json.Serialization;

namespace Airwave.Cluster;

/// <summary>Where a member is in its life in the cluster (Akka's statuses); reachability is a separate flag.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemberStatus>))]
public enum MemberStatus
{
    Joining,
    Up,
    Leaving,
    Exiting,
    Down,
    Removed,
}
