using Airwave.Persistence;

namespace Airwave.Streaming.Journaling;

/// <summary>
/// Reads the newest reservation a counter wrote to the node's own journal before reservations moved to Akka.Persistence,
/// so a data directory of the earlier version keeps its numbers (<see cref="ReservationActor{TEvent}"/> carries it over once).
/// </summary>
public sealed class EarlierVersionReservations(IJournal journal, EventSerializer serializer)
{
    /// <summary>Registers the reservation events the earlier version wrote (once per serializer).</summary>
    public static void Register(EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        serializer.Register<Channels.SequenceReserved>(Channels.SequenceReserved.Manifest);
        serializer.Register<Hls.SegmentSequenceReserved>(Hls.SegmentSequenceReserved.Manifest);
    }

    /// <summary>The newest event of <paramref name="persistenceId"/>, or null when the earlier version wrote none.</summary>
    public async Task<TEvent?> ReadLatestAsync<TEvent>(string persistenceId, CancellationToken cancellationToken = default)
        where TEvent : class
    {
        var highest = await journal.HighestSequenceNumberAsync(persistenceId, cancellationToken).ConfigureAwait(false);
        TEvent? latest = null;
        if (highest > 0)
        {
            await foreach (var stored in journal.ReadEventsAsync(persistenceId, highest, highest, 1, cancellationToken).ConfigureAwait(false))
            {
                latest = (TEvent)serializer.Deserialize(stored.Payload);
            }
        }

        return latest;
    }
}
