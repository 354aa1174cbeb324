namespace Airwave.Persistence.Sessions;

/// <summary>One record per ended listener connection (who listened to what, how long, how many bytes), stored once.</summary>
public interface IConnectionRecordStore
{
    /// <summary>Writes <paramref name="records"/> in one transaction; a record already stored (an earlier attempt that did commit) is kept as it is.</summary>
    Task SaveAsync(IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken = default);

    /// <summary>The records of the connections that ended at or after <paramref name="sinceUtc"/>, oldest first.</summary>
    Task<IReadOnlyList<byte[]>> RecordsSinceAsync(DateTime sinceUtc, int max, CancellationToken cancellationToken = default);
}
