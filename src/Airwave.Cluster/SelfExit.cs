namespace Airwave.Cluster;

/// <summary>Why this node must stop: it was downed or removed (<c>Downed</c>: exit non-zero), or it was asked to leave.</summary>
public sealed record SelfExit(string Reason, bool Downed);
