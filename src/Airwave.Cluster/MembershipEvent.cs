namespace Airwave.Cluster;

/// <summary>One change this node saw, numbered in the order it saw them: a member's new status (<c>up</c>, <c>leaving</c>, <c>downed</c>, …) or reachability.</summary>
public sealed record MembershipEvent(long Id, DateTime AtUtc, string Address, string Change, MemberStatus Status, bool Reachable);
