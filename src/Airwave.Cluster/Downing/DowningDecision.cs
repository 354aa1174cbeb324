using System.Collections.Immutable;
using Akka.Cluster;

namespace Airwave.Cluster.Downing;

/// <summary>
/// What the leader decided: down <paramref name="Down"/> once it holds the lease, trying for the lease after
/// <paramref name="AcquireDelay"/> (zero on the majority side; the minority waits so the majority wins the race). If the
/// lease is another side's, this side lost: <paramref name="Keep"/>, every member it would have kept, is downed instead,
/// this node among them.
/// </summary>
public sealed record DowningDecision(ImmutableHashSet<UniqueAddress> Down, ImmutableHashSet<UniqueAddress> Keep, TimeSpan AcquireDelay);
