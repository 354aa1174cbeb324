namespace Airwave.Persistence;

/// <summary>An append-only event log keyed by persistence id and sequence number, with journal-wide ordering for queries.</summary>
public interface IJournal
{
    /// <summary>
    /// Appends <paramref name="events"/> for one persistence id atomically: all of them are stored or none.
    /// Completes only after the commit is durable. Throws <see cref="JournalConflictException"/> when a
    /// sequence number is already taken.
    /// </summary>
    Task WriteAsync(string persistenceId, IReadOnlyList<EventToWrite> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends the events of several persistence ids in one transaction (one statement where the backend allows): all of
    /// them are stored or none, and the deletions of writes that <see cref="AtomicWrite.SupersedesEarlier"/> happen in the
    /// same transaction. Completes only after the commit is durable. Throws <see cref="JournalConflictException"/> naming
    /// the first write whose sequence number is already taken; each persistence id may appear once per batch.
    /// </summary>
    Task WriteBatchAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>Replays the events of a persistence id with sequence numbers in [from, to], at most <paramref name="max"/>, in order; deleted events are skipped.</summary>
    IAsyncEnumerable<JournalEvent> ReadEventsAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number ever written for a persistence id, deleted or not; 0 when none.</summary>
    Task<long> HighestSequenceNumberAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the events up to and including <paramref name="toSequenceNr"/>; the highest sequence number stays known.</summary>
    Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);

    /// <summary>Events carrying <paramref name="tag"/> with ordering greater than <paramref name="afterOrdering"/>, in ordering order, at most <paramref name="max"/>.</summary>
    IAsyncEnumerable<JournalEvent> EventsByTagAsync(
        string tag,
        long afterOrdering,
        int max,
        CancellationToken cancellationToken = default);

    /// <summary>Every persistence id that has events in the journal.</summary>
    IAsyncEnumerable<string> CurrentPersistenceIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored events of one persistence id selected by <paramref name="query"/>.</summary>
    IAsyncEnumerable<JournalEvent> EventsByPersistenceIdAsync(
        EventsByPersistenceIdQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadEventsAsync(query.PersistenceId, query.FromSequenceNr, query.ToSequenceNr, query.Max, cancellationToken);
    }
}
