namespace Airwave.Cluster;

/// <summary>
/// One member as Akka.Cluster sees it from this node (<see cref="Address"/> is its Akka address), with the HTTP and
/// admin addresses and incarnation it registered in the cluster database (empty until this node has read them).
/// </summary>
public sealed record Member(
    string Address,
    string HttpAddress,
    string AdminAddress,
    Guid Incarnation,
    IReadOnlyList<string> Roles,
    MemberStatus Status,
    bool Reachable,
    string AppVersion);
