namespace Airwave.Cluster.Membership;

/// <summary>A node's row in <c>cluster_node</c>: its Akka address and what Akka does not carry (HTTP and admin addresses, incarnation, journal).</summary>
public sealed record NodeEntry(
    string Address, Guid Incarnation, string HttpAddress, string AdminAddress, IReadOnlyList<string> Roles, string Journal, DateTime StartedUtc, bool Live);
