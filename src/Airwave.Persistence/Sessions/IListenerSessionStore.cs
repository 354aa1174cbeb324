namespace Airwave.Persistence.Sessions;

/// <summary>
/// Each listener session's latest resumable state, one row per session, and one record per ended connection. Any node
/// may write a session (a listener resumes on whichever node it reaches), so each state carries a version and a write
/// only replaces the version just below its own.
/// </summary>
public interface IListenerSessionStore
{
    /// <summary>The session's stored state, or null when it has none (never written, or expired).</summary>
    Task<StoredSessionState?> LoadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="states"/> and <paramref name="records"/> in one transaction; returns the sessions whose
    /// write lost to another writer (the stored version was not one below theirs), which are left as they were.
    /// </summary>
    /// <remarks>A record already stored (an earlier attempt that did commit) is kept as it is.</remarks>
    Task<IReadOnlySet<string>> SaveAsync(IReadOnlyList<SessionStateWrite> states, IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken = default);

    /// <summary>Deletes the sessions last seen before <paramref name="cutoffUtc"/>; returns how many.</summary>
    Task<int> DeleteLastSeenBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken = default);

    /// <summary>The records of the connections that ended at or after <paramref name="sinceUtc"/>, oldest first.</summary>
    Task<IReadOnlyList<byte[]>> ConnectionRecordsSinceAsync(DateTime sinceUtc, int max, CancellationToken cancellationToken = default);
}
