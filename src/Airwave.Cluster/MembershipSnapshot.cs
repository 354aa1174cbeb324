namespace Airwave.Cluster;

/// <summary>The members as last read by this node, who this node is and who leads.</summary>
public sealed record MembershipSnapshot(string Self, string? Leader, IReadOnlyList<Member> Members)
{
    /// <summary>The leader rule (Akka's): the reachable <see cref="MemberStatus.Up"/> member with the lowest address, compared ordinally.</summary>
    public static string? LeaderOf(IEnumerable<Member> members) =>
        members.Where(m => m.Status == MemberStatus.Up && m.Reachable)
            .Select(m => m.Address)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
}
