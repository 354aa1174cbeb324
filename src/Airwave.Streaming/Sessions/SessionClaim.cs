using Airwave.Streaming.Fanout;

namespace Airwave.Streaming.Sessions;

/// <summary>A request's hold on a session id between looking it up and streaming: it keeps the session on this node until it attaches or is disposed.</summary>
public sealed class SessionClaim : IDisposable
{
    private readonly ClientSessions sessions;
    private readonly SessionEntry? entry;
    private bool released;

    internal SessionClaim(ClientSessions sessions, string sessionId, SessionEntry? entry, ListenerSessionCheckpoint? latest)
    {
        this.sessions = sessions;
        this.entry = entry;
        SessionId = sessionId;
        Latest = latest;
    }

    public string SessionId { get; }

    /// <summary>The session's latest state (from a connection on this node, or the store); null for an unknown id.</summary>
    public ListenerSessionCheckpoint? Latest { get; }

    /// <summary>
    /// Makes the listener's connection the session's: its progress is checkpointed from now on, and a connection of
    /// the same session still open on this node stops being checkpointed. Null when the node is draining.
    /// </summary>
    /// <param name="handle">The listener's registration in its channel.</param>
    /// <param name="channel">The channel's id.</param>
    /// <param name="resumedAtSeq">The chunk a resumed session starts at; null when it starts fresh.</param>
    public SessionConnection? Attach(ListenerHandle handle, string channel, long? resumedAtSeq)
    {
        ObjectDisposedException.ThrowIf(released, this);
        released = true;
        return sessions.Attach(entry, SessionId, handle, channel, resumedAtSeq is null ? null : Latest, resumedAtSeq);
    }

    /// <summary>Lets go of the session without streaming (a <c>HEAD</c>, a refusal); nothing after <see cref="Attach"/>.</summary>
    public void Dispose()
    {
        if (!released)
        {
            released = true;
            sessions.Release(entry);
        }
    }
}
