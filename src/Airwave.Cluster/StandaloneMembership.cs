namespace Airwave.Cluster;

/// <summary>The membership of a node without a cluster database: itself, Up, with every role, so the CLI works everywhere.</summary>
public sealed class StandaloneMembership(string address, string httpAddress, string appVersion) : IMembershipView
{
    private readonly Guid incarnation = Guid.NewGuid();

    public bool IsClustered => false;

    public MembershipSnapshot Snapshot => new(address, address,
    [
        new Member(address, httpAddress, "", incarnation, ["master", "slave"], MemberStatus.Up, true, appVersion),
    ]);

    public IReadOnlyList<string> Leave(string address) => throw NotClustered();

    public IReadOnlyList<string> Down(string address) => throw NotClustered();

    public IReadOnlyList<string> DownUnreachable() => [];

    public async Task<MembershipEventPage> EventsAfterAsync(long? after, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        return new MembershipEventPage(after ?? 0, []);
    }

    private static InvalidOperationException NotClustered() =>
        new("this node is standalone (no airwave.cluster.database): there is no cluster to change");
}
