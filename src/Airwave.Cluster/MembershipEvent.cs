namespace Airwave.Cluster;

/// <summary>One status change of a member, recorded in <c>cluster_event</c> in the order it happened; <c>From</c> is null when the member joined.</summary>
public sealed record MembershipEvent(long Id, DateTime AtUtc, string Address, Guid Incarnation, MemberStatus? From, MemberStatus To, string Reason);
