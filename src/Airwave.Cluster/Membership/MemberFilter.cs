namespace Airwave.Cluster.Membership;

/// <summary>Which members a status change applies to: every condition given must hold.</summary>
internal sealed record MemberFilter(IReadOnlyList<MemberStatus> From)
{
    public string? Address { get; init; }

    public Guid? Incarnation { get; init; }

    public Guid? ExceptIncarnation { get; init; }

    /// <summary>Only members whose last heartbeat is older than this, by the database clock.</summary>
    public TimeSpan? SilentFor { get; init; }

    /// <summary>Only members with no other incarnation of their address that is still Joining, Up, Leaving or Exiting.</summary>
    public bool NoOtherLiveIncarnation { get; init; }
}
