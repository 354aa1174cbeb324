namespace Airwave.Streaming.Sessions;

/// <summary>Stored when a listener's connection ends: what analytics read (one per connection, so a resumed session has several).</summary>
/// <param name="SessionId">The session the connection belonged to.</param>
/// <param name="ConnectionId">The connection.</param>
/// <param name="Channel">The channel listened to.</param>
/// <param name="Remote">The client address.</param>
/// <param name="UserAgent">The client's user agent.</param>
/// <param name="StartedUtc">When the connection began.</param>
/// <param name="EndedUtc">When it ended.</param>
/// <param name="Bytes">Bytes sent on this connection.</param>
/// <param name="PlayheadUtc">The stream time of the last chunk sent.</param>
/// <param name="Shift">How far behind live the listener played.</param>
/// <param name="EndReason">Why it ended.</param>
public sealed record ListenerSessionRecord(
    string SessionId,
    Guid ConnectionId,
    string Channel,
    string Remote,
    string UserAgent,
    DateTime StartedUtc,
    DateTime EndedUtc,
    long Bytes,
    DateTime PlayheadUtc,
    TimeSpan Shift,
    string EndReason);
