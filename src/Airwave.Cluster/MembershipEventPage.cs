namespace Airwave.Cluster;

/// <summary>Events after a given id and the id to ask after next, for <c>cluster tail</c>.</summary>
public sealed record MembershipEventPage(long LastId, IReadOnlyList<MembershipEvent> Events);
