using Airwave.Persistence.Sessions;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// Reads writers' latest progress rows for sessions that resume, each writer's at most once per
/// <paramref name="freshFor"/>: when a node dies, all of its listeners resume elsewhere within seconds, and they share
/// one read of its row rather than each reading a row as large as their number.
/// </summary>
internal sealed class SessionProgressReader(IListenerSessionStore store, TimeSpan freshFor, TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (DateTime ReadUtc, Task<SessionProgress?> Row)> rows = new(StringComparer.Ordinal);

    /// <summary>The writer's latest row (null when it has none), read now or within the freshness the reader was made with.</summary>
    public Task<SessionProgress?> ReadAsync(string writer)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (gate)
        {
            if (rows.TryGetValue(writer, out var cached) && now - cached.ReadUtc < freshFor && !cached.Row.IsFaulted)
            {
                return cached.Row;
            }

            // Rows read longer ago are dropped on the way, so only the writers resumed from lately stay held.
            foreach (var stale in rows.Where(r => now - r.Value.ReadUtc >= freshFor).Select(r => r.Key).ToList())
            {
                rows.Remove(stale);
            }

            var row = LoadAsync(writer);
            rows[writer] = (now, row);
            return row;
        }
    }

    private async Task<SessionProgress?> LoadAsync(string writer) =>
        await store.LoadProgressAsync(writer).ConfigureAwait(false) is { } row ? SessionProgress.Decode(row) : null;
}
