using Airwave.Streaming.Fanout;

namespace Airwave.Streaming.Sessions;

/// <summary>One listener connection of a session: what the checkpoints read (the handle's counters) and what the admin API lists.</summary>
public sealed class SessionConnection
{
    private readonly long earlierBytes;
    private readonly string channel;

    internal SessionConnection(SessionEntry? entry, string sessionId, ListenerHandle handle, string channel, ListenerSessionCheckpoint? resumedFrom, long? resumedAtSeq)
    {
        Entry = entry;
        SessionId = sessionId;
        Handle = handle;
        this.channel = channel;
        ResumedAtSeq = resumedAtSeq;
        SessionStartedUtc = resumedFrom?.StartedUtc ?? handle.ConnectedUtc;
        earlierBytes = resumedFrom?.Bytes ?? 0;
    }

    public string SessionId { get; }

    public ListenerHandle Handle { get; }

    /// <summary>The id of the channel the connection plays: the one it asked for, or where an admin moved it.</summary>
    public string Channel => Handle.MovedToChannel ?? channel;

    /// <summary>The chunk the connection resumed its session at; null when it started fresh.</summary>
    public long? ResumedAtSeq { get; }

    /// <summary>When the session's first connection began.</summary>
    public DateTime SessionStartedUtc { get; }

    /// <summary>True while this connection's progress is the session's persisted state (false once a newer connection took the session, or when the store could not be read).</summary>
    public bool IsCheckpointed
    {
        get
        {
            if (Entry is not { } entry)
            {
                return false;
            }

            lock (entry.Gate)
            {
                return entry.Owner == this;
            }
        }
    }

    internal SessionEntry? Entry { get; }

    /// <summary>The session's state now, read from the counters the listener's handle keeps.</summary>
    /// <param name="nowUtc">The current time.</param>
    /// <param name="writer">The node run whose progress rows follow this state while the connection streams; null for its final state.</param>
    internal ListenerSessionCheckpoint Checkpoint(DateTime nowUtc, string? writer)
    {
        var (movedTo, playhead) = Handle.Position;
        return new ListenerSessionCheckpoint(
            SessionId, movedTo ?? channel, playhead.Seq, playhead.EndUtc, Handle.Shift, earlierBytes + Handle.BytesSent, Handle.Remote, Handle.UserAgent, SessionStartedUtc, nowUtc, writer);
    }

    /// <summary>Adds where the session is now to a progress row.</summary>
    internal void AddTo(SessionProgress.Builder row)
    {
        var (movedTo, playhead) = Handle.Position;
        row.Add(SessionId, movedTo ?? channel, playhead.Seq, playhead.EndUtc, Handle.Shift, earlierBytes + Handle.BytesSent);
    }
}
