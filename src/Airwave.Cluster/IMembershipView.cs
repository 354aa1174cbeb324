namespace Airwave.Cluster;

/// <summary>What the admin API needs of membership, answered by Akka.Cluster or, on a standalone node, by the node alone.</summary>
public interface IMembershipView
{
    /// <summary>False on a standalone node, which has no cluster to leave or down members of.</summary>
    bool IsClustered { get; }

    MembershipSnapshot Snapshot { get; }

    /// <summary>Asks the member at <paramref name="address"/> to leave gracefully; returns the Akka addresses asked (none: no such member).</summary>
    IReadOnlyList<string> Leave(string address);

    /// <summary>Marks the member at <paramref name="address"/> Down; it shuts itself down when it learns that.</summary>
    IReadOnlyList<string> Down(string address);

    /// <summary>Marks every unreachable member Down.</summary>
    IReadOnlyList<string> DownUnreachable();

    /// <summary>Events after <paramref name="after"/>, waiting up to <paramref name="wait"/> for one; a null <paramref name="after"/> answers the latest id at once.</summary>
    Task<MembershipEventPage> EventsAfterAsync(long? after, TimeSpan wait, CancellationToken cancellationToken);
}
