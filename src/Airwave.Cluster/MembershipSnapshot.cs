namespace Airwave.Cluster;

/// <summary>The members as this node sees them now, who this node is (its Akka address) and who leads.</summary>
public sealed record MembershipSnapshot(string Self, string? Leader, IReadOnlyList<Member> Members);
