namespace Airwave.Persistence.EarlierVersion;

/// <summary>
/// The newest reservation each counter wrote to the node's own journal before reservations moved to Akka.Persistence,
/// kept by schema version 4 when it dropped that journal, so a data directory of an earlier version keeps its numbers.
/// </summary>
public interface IEarlierReservationStore
{
    /// <summary>The reservation's JSON as the earlier version wrote it, or null when it wrote none for <paramref name="persistenceId"/>.</summary>
    Task<byte[]?> ReadAsync(string persistenceId, CancellationToken cancellationToken = default);
}
