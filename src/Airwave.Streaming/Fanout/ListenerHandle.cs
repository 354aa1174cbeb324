namespace Airwave.Streaming.Fanout;

/// <summary>One connected listener as its channel sees it: where it is in the stream and how to drop it.</summary>
public sealed class ListenerHandle : IDisposable
{
    /// <summary>The last <see cref="Number"/> handed out on this node.</summary>
    private static long lastNumber;

    // Made when first asked for: a listener following a fallback waits on it; one parked on a fan-out (live or paced) never does.
    private CancellationTokenSource? stopping;
    private IListenerControl? control;
    private int ended;
    private long deliveredUpToTicks;
    private long bytesSent;
    private long playheadSeq = -1;
    private long playheadEndTicks;
    private string? dropReason;
    private string? stopReason;
    private string? moveTo;
    private string? movedTo;

    /// <summary>
    /// Guards the playhead and the channel moved to, read together: the handle itself, as a <see cref="Lock"/> of its own
    /// would cost 40 bytes for each listener. Nothing else locks a handle, and none is hashed by identity, so the monitor
    /// stays in its header.
    /// </summary>
    private object PlayheadGate => this;

    /// <summary>Registers a listener that plays <paramref name="shift"/> behind live (zero for live).</summary>
    public ListenerHandle(string remote, string userAgent, TimeSpan shift, DateTime connectedUtc)
    {
        Remote = remote;
        UserAgent = userAgent;
        Shift = shift;
        ConnectedUtc = connectedUtc;
        deliveredUpToTicks = connectedUtc.Ticks - shift.Ticks;
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The listener's number on this node, counted from 1 since it started: the <c>ID</c> Icecast's admin API lists and <c>killclient</c> takes.</summary>
    public long Number { get; } = Interlocked.Increment(ref lastNumber);

    public string Remote { get; }

    public string UserAgent { get; }

    /// <summary>How far behind live this listener plays on purpose (time-shift); zero for live listeners.</summary>
    public TimeSpan Shift { get; private set; }

    public DateTime ConnectedUtc { get; }

    /// <summary>True when the connection interleaves ICY metadata (<c>Icy-MetaData: 1</c>), so /metrics can tell ICY listeners from raw ones without a label per listener.</summary>
    public bool Icy { get; init; }

    /// <summary>End of the last chunk the listener's connection accepted, in UTC ticks of the stream timeline.</summary>
    public long DeliveredUpToTicks => Volatile.Read(ref deliveredUpToTicks);

    public long BytesSent => Volatile.Read(ref bytesSent);

    /// <summary>Why the listener was dropped, or null.</summary>
    public string? DropReason => Volatile.Read(ref dropReason);

    /// <summary>
    /// True when the session should end at the next chunk boundary (<see cref="StopAtChunkBoundary"/>), and when it must
    /// end at once: the channel dropped the listener (too slow, source gone for good, shutdown), or its connection went
    /// (<see cref="ConnectionGone"/>, or a token passed to <see cref="EndWith"/> was cancelled). The session attached
    /// (<see cref="Attach"/>) is told which.
    /// </summary>
    public bool IsStopping => Volatile.Read(ref stopReason) is not null || IsEnded;

    /// <summary>Cancelled when <see cref="IsStopping"/> becomes true, for a session that waits for a fallback's audio.</summary>
    /// <remarks>
    /// The source is made on the first call, 48 bytes most listeners never need. It is published before the stop is read,
    /// as a stop is published before the source is read: whichever runs second cancels it.
    /// </remarks>
    public CancellationToken Stopping
    {
        get
        {
            if (Volatile.Read(ref stopping) is { } made)
            {
                return made.Token;
            }

            var source = new CancellationTokenSource();
            made = Interlocked.CompareExchange(ref stopping, source, null) ?? source;
            if (made != source)
            {
                source.Dispose();
            }

            if (IsStopping)
            {
                Cancel(made);
            }

            return made.Token;
        }
    }

    /// <summary>True once the listener must end at once (dropped, or its connection gone), not at a chunk boundary.</summary>
    public bool IsEnded => Volatile.Read(ref ended) != 0;

    /// <summary>Why the listener was asked to stop at a chunk boundary, or null.</summary>
    public string? StopReason => Volatile.Read(ref stopReason);

    /// <summary>The last chunk of the listener's own channel its connection accepted whole; sequence number -1 before any.</summary>
    public ListenerPlayhead Playhead
    {
        get
        {
            lock (PlayheadGate)
            {
                return new ListenerPlayhead(playheadSeq, playheadEndTicks);
            }
        }
    }

    /// <summary>The id of the channel an admin moved the listener to (<see cref="Moved"/>), or null while it plays the channel it asked for.</summary>
    public string? MovedToChannel
    {
        get
        {
            lock (PlayheadGate)
            {
                return movedTo;
            }
        }
    }

    /// <summary>The channel the listener plays now (null: the one it asked for) and its playhead there, read together.</summary>
    public (string? MovedToChannel, ListenerPlayhead Playhead) Position
    {
        get
        {
            lock (PlayheadGate)
            {
                return (movedTo, new ListenerPlayhead(playheadSeq, playheadEndTicks));
            }
        }
    }

    /// <summary>Asks the listener's session to carry on with the live edge of the channel at <paramref name="mount"/>, on the same connection (Icecast's <c>moveclients</c>).</summary>
    /// <remarks>The session takes the request at its next wake; publish the listener's channel's signal to wake it at once.</remarks>
    public void RequestMove(string mount) => Volatile.Write(ref moveTo, mount);

    /// <summary>True while a move waits to be taken (<see cref="TakeMoveRequest"/>).</summary>
    public bool HasMoveRequest => Volatile.Read(ref moveTo) is not null;

    /// <summary>The mount a move was requested to, once; null when none is pending.</summary>
    /// <remarks>The session asks once per batch and a move is rare: a plain read keeps the interlocked exchange off that path.</remarks>
    public string? TakeMoveRequest() => Volatile.Read(ref moveTo) is null ? null : Interlocked.Exchange(ref moveTo, null);

    /// <summary>Records that the listener now plays <paramref name="channel"/>: its playhead there is not known until the first chunk, so a session resume never mixes two channels' sequence numbers.</summary>
    public void Moved(string channel)
    {
        lock (PlayheadGate)
        {
            movedTo = channel;
            playheadSeq = -1;
            playheadEndTicks = 0;
        }
    }

    /// <summary>Records that the connection accepted audio up to <paramref name="endTicks"/>.</summary>
    public void Delivered(long endTicks, int bytes)
    {
        Volatile.Write(ref deliveredUpToTicks, endTicks);
        Interlocked.Add(ref bytesSent, bytes);
    }

    /// <summary>Records that the connection accepted the chunks of the listener's own channel up to <paramref name="seq"/>, which ends at <paramref name="endTicks"/>.</summary>
    /// <remarks>Both values change together, so a reader on another thread never sees a sequence number with another chunk's end.</remarks>
    public void Played(long seq, long endTicks)
    {
        lock (PlayheadGate)
        {
            playheadSeq = seq;
            playheadEndTicks = endTicks;
        }
    }

    /// <summary>Records metadata or other bytes that do not move the playhead.</summary>
    public void SentExtra(int bytes) => Interlocked.Add(ref bytesSent, bytes);

    /// <summary>Changes the intended delay behind live (a listener moved to another position).</summary>
    public void Reposition(TimeSpan shift, long deliveredTicks)
    {
        Shift = shift;
        Volatile.Write(ref deliveredUpToTicks, deliveredTicks);
    }

    /// <summary>Makes <paramref name="session"/> the one told of stops and drops; a drop that came first is told at once.</summary>
    public void Attach(IListenerControl session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Interlocked.Exchange(ref control, session);
        if (IsEnded)
        {
            session.EndRequested();
        }
    }

    /// <summary>Tells no session any more: the one attached has ended.</summary>
    public void Detach() => Volatile.Write(ref control, null);

    /// <summary>Asks the listener's session to end at once, even in the middle of a send; the first reason wins.</summary>
    public void Drop(string reason)
    {
        if (Interlocked.CompareExchange(ref dropReason, reason, null) is null)
        {
            End();
        }
    }

    /// <summary>Asks the listener's session to end after the chunks it is sending (a draining node): never in the middle of one.</summary>
    public void StopAtChunkBoundary(string reason)
    {
        if (Interlocked.CompareExchange(ref stopReason, reason, null) is null)
        {
            Cancel(Volatile.Read(ref stopping));
            Volatile.Read(ref control)?.StopRequested();
        }
    }

    /// <summary>Ends the listener as a drop does, without a reason: its connection is gone. Safe from any thread, more than once, and after <see cref="Dispose"/>.</summary>
    public void ConnectionGone() => End();

    /// <summary>Calls <see cref="ConnectionGone"/> when <paramref name="connection"/> is cancelled; dispose the result when the session ends.</summary>
    /// <remarks>Cheaper than a linked token source, which a session would otherwise hold for hours.</remarks>
    public CancellationTokenRegistration EndWith(CancellationToken connection) =>
        connection.UnsafeRegister(static state => ((ListenerHandle)state!).End(), this);

    public void Dispose() => Volatile.Read(ref stopping)?.Dispose();

    private static void Cancel(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session ended and disposed the handle meanwhile: nothing left to wake.
        }
    }

    /// <remarks>
    /// The end is published before the session is read, as <see cref="Attach"/> publishes the session before it reads the
    /// end: whichever runs second sees the other, so an attached session is always told.
    /// </remarks>
    private void End()
    {
        if (Interlocked.Exchange(ref ended, 1) != 0)
        {
            return;
        }

        Cancel(Volatile.Read(ref stopping));
        Volatile.Read(ref control)?.EndRequested();
    }
}
