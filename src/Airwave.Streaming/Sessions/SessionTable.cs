using System.Collections.Concurrent;

namespace Airwave.Streaming.Sessions;

/// <summary>The session ids this node holds, by id: what claims, checkpoints and expiry share.</summary>
internal sealed class SessionTable
{
    private readonly ConcurrentDictionary<string, SessionEntry> entries = new(StringComparer.Ordinal);

    /// <summary>Every entry held now; safe to enumerate while entries come and go.</summary>
    /// <remarks>Walks the dictionary rather than copying its values: the checkpoints walk it twice an interval, and a copy of 10,000 entries is an 80 KB array each time.</remarks>
    public IEnumerable<SessionEntry> Entries
    {
        get
        {
            foreach (var (_, entry) in entries)
            {
                yield return entry;
            }
        }
    }

    public int Count => entries.Count;

    /// <summary>The entry of <paramref name="sessionId"/>, new when none is held (check <see cref="SessionEntry.Removed"/> under its gate).</summary>
    public SessionEntry GetOrAdd(string sessionId) => entries.GetOrAdd(sessionId, static id => new SessionEntry(id));

    /// <summary>Removes <paramref name="entry"/> when nothing holds it any more; the caller holds its gate.</summary>
    public void RemoveIfIdle(SessionEntry entry)
    {
        if (entry.IsIdle)
        {
            Remove(entry);
        }
    }

    /// <summary>Removes <paramref name="entry"/>, so the next claim of its id reads the store again; the caller holds its gate.</summary>
    public void Remove(SessionEntry entry)
    {
        if (!entry.Removed)
        {
            entry.Removed = true;
            entries.TryRemove(KeyValuePair.Create(entry.Id, entry));
        }
    }
}
