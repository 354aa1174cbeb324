using System.Text.Json;
using Airwave.Persistence.EarlierVersion;

namespace Airwave.Channels.Journaling;

/// <summary>
/// Reads the newest reservation a counter wrote to the node's own journal before reservations moved to Akka.Persistence,
/// so a data directory of the earlier version keeps its numbers (<see cref="ReservationActor{TEvent}"/> carries it over once).
/// </summary>
public sealed class EarlierVersionReservations(IEarlierReservationStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The newest reservation of <paramref name="persistenceId"/>, or null when the earlier version wrote none.</summary>
    public async Task<TEvent?> ReadLatestAsync<TEvent>(string persistenceId, CancellationToken cancellationToken = default)
        where TEvent : class =>
        await store.ReadAsync(persistenceId, cancellationToken).ConfigureAwait(false) is { } payload
            ? JsonSerializer.Deserialize<TEvent>(payload, Json)
            : null;
}
