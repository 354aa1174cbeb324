namespace Airwave.Persistence.Sessions;

/// <summary>
/// Each listener session's latest resumable state. Any node may write a session (a listener resumes on whichever node
/// it reaches), so each state carries a version: a version someone already wrote is refused, and that writer stops
/// recording the session.
/// </summary>
/// <remarks>
/// Beside the sessions, each writer (a node's run) keeps one progress stream: a row per checkpoint interval holding the
/// playheads of every session it streams, so a playhead that moves costs no write of its own.
/// </remarks>
public interface IListenerSessionStore
{
    /// <summary>The session's latest state, or null when it has none (never written, or expired).</summary>
    Task<StoredSessionState?> LoadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="states"/> in one batch; returns the sessions whose version another writer had already written, which are left as they were.</summary>
    /// <remarks>Throws when the store cannot be written (nothing of the batch is then known to be stored).</remarks>
    Task<IReadOnlySet<string>> SaveAsync(IReadOnlyList<SessionStateWrite> states, CancellationToken cancellationToken = default);

    /// <summary>The latest progress <paramref name="writer"/> wrote, or null when it wrote none (or it expired).</summary>
    Task<byte[]?> LoadProgressAsync(string writer, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="writer"/>'s progress row <paramref name="version"/> (1, 2, 3, … for each writer, which alone writes its stream).</summary>
    /// <remarks>Throws when the store cannot be written.</remarks>
    Task SaveProgressAsync(string writer, long version, byte[] progress, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the sessions whose latest state was written longer than <paramref name="unwrittenFor"/> ago, and every
    /// state a newer one replaced; returns how many sessions expired. A connected session is written again at least
    /// every keep-alive, so only sessions whose listener left (or whose node died) expire.
    /// </summary>
    Task<int> ExpireAsync(TimeSpan unwrittenFor, CancellationToken cancellationToken = default);
}
