using Airwave.Streaming.Fanout;

namespace Airwave.Streaming.Sessions;

/// <summary>One listener connection of a session: what the checkpoints read (the handle's counters) and what the admin API lists.</summary>
public sealed class SessionConnection
{
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long earlierBytes;

    internal SessionConnection(SessionEntry? entry, string sessionId, ListenerHandle handle, string channel, ListenerSessionCheckpoint? resumedFrom, long? resumedAtSeq)
    {
        Entry = entry;
        SessionId = sessionId;
        Handle = handle;
        Channel = channel;
        ResumedAtSeq = resumedAtSeq;
        SessionStartedUtc = resumedFrom?.StartedUtc ?? handle.ConnectedUtc;
        earlierBytes = resumedFrom?.Bytes ?? 0;
    }

    public string SessionId { get; }

    public ListenerHandle Handle { get; }

    /// <summary>The channel's id.</summary>
    public string Channel { get; }

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

    /// <summary>Completes when the connection stopped streaming.</summary>
    internal Task Stopped => stopped.Task;

    /// <summary>The session's state now, read from the counters the listener's handle keeps.</summary>
    internal ListenerSessionCheckpoint Checkpoint(DateTime nowUtc)
    {
        var playhead = Handle.Playhead;
        return new ListenerSessionCheckpoint(
            SessionId, Channel, playhead.Seq, playhead.EndUtc, Handle.Shift, earlierBytes + Handle.BytesSent, Handle.Remote, Handle.UserAgent, SessionStartedUtc, nowUtc);
    }

    internal void MarkStopped() => stopped.TrySetResult();
}
