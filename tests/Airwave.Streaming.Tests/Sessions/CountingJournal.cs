using Airwave.Persistence;

namespace Airwave.Streaming.Tests.Sessions;

/// <summary>A journal that counts batch writes on their way to a real one, to show how many database writes the checkpoints cost.</summary>
internal sealed class CountingJournal(IJournal inner) : IJournal
{
    private int batches;

    /// <summary>Calls of <see cref="WriteBatchAsync"/> so far.</summary>
    public int Batches => Volatile.Read(ref batches);

    /// <summary>The persistence ids of the last batch.</summary>
    public IReadOnlyList<string> LastBatch { get; private set; } = [];

    public Task WriteAsync(string persistenceId, IReadOnlyList<EventToWrite> events, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(persistenceId, events, cancellationToken);

    public Task WriteBatchAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref batches);
        LastBatch = [.. writes.Select(w => w.PersistenceId)];
        return inner.WriteBatchAsync(writes, cancellationToken);
    }

    public IAsyncEnumerable<JournalEvent> ReadEventsAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken = default) =>
        inner.ReadEventsAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

    public Task<long> HighestSequenceNumberAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        inner.HighestSequenceNumberAsync(persistenceId, cancellationToken);

    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    public IAsyncEnumerable<JournalEvent> EventsByTagAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken = default) =>
        inner.EventsByTagAsync(tag, afterOrdering, max, cancellationToken);

    public IAsyncEnumerable<string> CurrentPersistenceIdsAsync(CancellationToken cancellationToken = default) => inner.CurrentPersistenceIdsAsync(cancellationToken);
}
