namespace Airwave.Persistence.Analytics;

/// <summary>The rolled-up listens (table <c>listen</c>): written in batches as they progress and end, read by the analytics reports, pruned by age.</summary>
public interface IListenStore
{
    /// <summary>Writes <paramref name="listens"/> in one transaction, each replacing what was stored for its listen id.</summary>
    Task SaveAsync(IReadOnlyList<ListenRow> listens, CancellationToken cancellationToken = default);

    /// <summary>The listens that overlap [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), of one channel or (null) all, oldest start first, read as they stream from the database.</summary>
    IAsyncEnumerable<ListenRow> ReadAsync(string? channel, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default);

    /// <summary>Deletes the listens last written before <paramref name="beforeUtc"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTime beforeUtc, CancellationToken cancellationToken = default);
}
