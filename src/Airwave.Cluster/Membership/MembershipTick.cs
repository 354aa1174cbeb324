namespace Airwave.Cluster.Membership;

/// <summary>Tells the membership actor to heartbeat, read the members and, as leader, move them on.</summary>
internal sealed record MembershipTick
{
    public static MembershipTick Instance { get; } = new();
}
