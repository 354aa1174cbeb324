namespace Airwave.Streaming.Sessions;

/// <summary>A listener session's whole resumable state, as stored: each write replaces the session's earlier one.</summary>
/// <param name="SessionId">The session (what the client presents to resume).</param>
/// <param name="Channel">The channel listened to.</param>
/// <param name="PlayheadSeq">The last chunk sent whole; -1 when nothing of the channel was sent yet.</param>
/// <param name="PlayheadEndUtc">That chunk's end on the stream timeline.</param>
/// <param name="Shift">How far behind live the listener played.</param>
/// <param name="Bytes">Bytes sent over all the session's connections.</param>
/// <param name="Remote">The client address of the latest connection.</param>
/// <param name="UserAgent">Its user agent.</param>
/// <param name="StartedUtc">When the session's first connection began.</param>
/// <param name="LastSeenUtc">When the session was last connected; it expires <c>sessions.expire-after</c> later.</param>
/// <param name="Writer">
/// The node run that was streaming the session when this was written; its progress rows (<see cref="SessionProgress"/>)
/// hold the playhead from then on. Null in a final state, written once the connection ended.
/// </param>
public sealed record ListenerSessionCheckpoint(
    string SessionId,
    string Channel,
    long PlayheadSeq,
    DateTime PlayheadEndUtc,
    TimeSpan Shift,
    long Bytes,
    string Remote,
    string UserAgent,
    DateTime StartedUtc,
    DateTime LastSeenUtc,
    string? Writer = null);
