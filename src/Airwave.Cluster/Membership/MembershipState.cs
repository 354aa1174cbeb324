namespace Airwave.Cluster.Membership;

/// <summary>What the membership actor shares with the node: the latest snapshot, and a one-time request for this node to stop.</summary>
internal sealed class MembershipState(MembershipSnapshot initial, Action<SelfExit> onExit)
{
    private volatile MembershipSnapshot snapshot = initial;
    private int exitRequested;

    public MembershipSnapshot Snapshot => snapshot;

    public void Publish(MembershipSnapshot latest) => snapshot = latest;

    /// <summary>Marks this node as stopping; it then no longer reports what it sees of itself.</summary>
    public bool MarkStopping() => Interlocked.Exchange(ref exitRequested, 1) == 0;

    public void RequestExit(SelfExit exit)
    {
        if (MarkStopping())
        {
            onExit(exit);
        }
    }
}
