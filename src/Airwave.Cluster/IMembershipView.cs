namespace Airwave.Cluster;

/// <summary>What the admin API needs of membership, answered by the cluster database or, on a standalone node, by the node alone.</summary>
public interface IMembershipView
{
    /// <summary>False on a standalone node, which has no cluster to leave or down members of.</summary>
    bool IsClustered { get; }

    MembershipSnapshot Snapshot { get; }

    /// <summary>Marks the member at <paramref name="address"/> Leaving; returns the recorded events (none: no such member could leave).</summary>
    Task<IReadOnlyList<MembershipEvent>> LeaveAsync(string address, CancellationToken cancellationToken);

    /// <summary>Marks the member at <paramref name="address"/> Down; it stops itself when it sees that.</summary>
    Task<IReadOnlyList<MembershipEvent>> DownAsync(string address, CancellationToken cancellationToken);

    /// <summary>Marks every unreachable member Down.</summary>
    Task<IReadOnlyList<MembershipEvent>> DownUnreachableAsync(CancellationToken cancellationToken);

    /// <summary>Events after <paramref name="after"/>, waiting up to <paramref name="wait"/> for one; a null <paramref name="after"/> answers the latest id at once.</summary>
    Task<MembershipEventPage> EventsAfterAsync(long? after, TimeSpan wait, CancellationToken cancellationToken);
}
