using Airwave.Persistence;

namespace Airwave.Streaming.Journaling;

/// <summary>A persistence id of which only the newest event matters (hi/lo reservations): reads the latest, appends and compacts the rest.</summary>
/// <typeparam name="TEvent">The event type, registered with the serializer.</typeparam>
public sealed class LatestEventLog<TEvent>
    where TEvent : class
{
    private readonly IJournal journal;
    private readonly EventSerializer serializer;
    private readonly string persistenceId;
    private long journalSeq;

    public LatestEventLog(IJournal journal, EventSerializer serializer, string persistenceId)
    {
        this.journal = journal;
        this.serializer = serializer;
        this.persistenceId = persistenceId;
    }

    /// <summary>The newest event, or null when none was written yet.</summary>
    public async Task<TEvent?> ReadLatestAsync(CancellationToken cancellationToken = default)
    {
        journalSeq = await journal.HighestSequenceNumberAsync(persistenceId, cancellationToken).ConfigureAwait(false);
        TEvent? latest = null;
        if (journalSeq > 0)
        {
            await foreach (var stored in journal.ReadEventsAsync(persistenceId, journalSeq, journalSeq, 1, cancellationToken).ConfigureAwait(false))
            {
                latest = (TEvent)serializer.Deserialize(stored.Payload);
            }
        }

        return latest;
    }

    /// <summary>Writes <paramref name="evt"/> durably, then deletes the events before it.</summary>
    public async Task AppendAsync(TEvent evt, CancellationToken cancellationToken = default)
    {
        await journal.WriteAsync(persistenceId, [new EventToWrite(journalSeq + 1, serializer.Serialize(evt))], cancellationToken).ConfigureAwait(false);
        journalSeq++;
        if (journalSeq > 1)
        {
            await journal.DeleteToAsync(persistenceId, journalSeq - 1, cancellationToken).ConfigureAwait(false);
        }
    }
}
