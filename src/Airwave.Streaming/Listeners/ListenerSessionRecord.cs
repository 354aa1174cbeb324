namespace Airwave.Streaming.Listeners;

/// <summary>Journal event written when a listener leaves: what analytics and session handoff read.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Channel">The channel listened to.</param>
/// <param name="Remote">The client address.</param>
/// <param name="UserAgent">The client's user agent.</param>
/// <param name="StartedUtc">When the session began.</param>
/// <param name="EndedUtc">When it ended.</param>
/// <param name="Bytes">Bytes sent.</param>
/// <param name="PlayheadUtc">The stream time of the last chunk sent.</param>
/// <param name="Shift">How far behind live the listener asked to play.</param>
/// <param name="EndReason">Why it ended.</param>
public sealed record ListenerSessionRecord(
    Guid SessionId,
    string Channel,
    string Remote,
    string UserAgent,
    DateTime StartedUtc,
    DateTime EndedUtc,
    long Bytes,
    DateTime PlayheadUtc,
    TimeSpan Shift,
    string EndReason)
{
    public const string Manifest = "listener.session-ended.v1";

    /// <summary>The tag every session record carries, for queries over all sessions.</summary>
    public const string Tag = "listener-session";
}
