namespace Airwave.Cluster;

/// <summary>One member (address + incarnation) as the cluster database sees it, reachability judged by the database clock.</summary>
public sealed record Member(
    string Address,
    Guid Incarnation,
    IReadOnlyList<string> Roles,
    MemberStatus Status,
    bool Reachable,
    double HeartbeatAgeSeconds,
    string AppVersion,
    string AdminAddress,
    DateTime JoinedUtc,
    DateTime UpdatedUtc);
