namespace Airwave.Streaming.Fanout;

/// <summary>One connected listener as its channel sees it: where it is in the stream and how to drop it.</summary>
public sealed class ListenerHandle : IDisposable
{
    private readonly CancellationTokenSource dropped = new();
    private long deliveredUpToTicks;
    private long bytesSent;
    private string? dropReason;

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

    public string Remote { get; }

    public string UserAgent { get; }

    /// <summary>How far behind live this listener plays on purpose (time-shift); zero for live listeners.</summary>
    public TimeSpan Shift { get; private set; }

    public DateTime ConnectedUtc { get; }

    /// <summary>End of the last chunk the listener's connection accepted, in UTC ticks of the stream timeline.</summary>
    public long DeliveredUpToTicks => Volatile.Read(ref deliveredUpToTicks);

    public long BytesSent => Volatile.Read(ref bytesSent);

    /// <summary>Cancelled when the channel drops this listener (too slow, source gone for good, shutdown), or when a token passed to <see cref="EndWith"/> is.</summary>
    public CancellationToken Dropped => dropped.Token;

    /// <summary>Why the listener was dropped, or null.</summary>
    public string? DropReason => Volatile.Read(ref dropReason);

    /// <summary>Records that the connection accepted audio up to <paramref name="endTicks"/>.</summary>
    public void Delivered(long endTicks, int bytes)
    {
        Volatile.Write(ref deliveredUpToTicks, endTicks);
        Interlocked.Add(ref bytesSent, bytes);
    }

    /// <summary>Records metadata or other bytes that do not move the playhead.</summary>
    public void SentExtra(int bytes) => Interlocked.Add(ref bytesSent, bytes);

    /// <summary>Changes the intended delay behind live (a listener moved to another position).</summary>
    public void Reposition(TimeSpan shift, long deliveredTicks)
    {
        Shift = shift;
        Volatile.Write(ref deliveredUpToTicks, deliveredTicks);
    }

    /// <summary>Asks the listener's session to end; the first reason wins.</summary>
    public void Drop(string reason)
    {
        if (Interlocked.CompareExchange(ref dropReason, reason, null) is null)
        {
            try
            {
                dropped.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The session ended and disposed the handle while the channel was dropping it: nothing left to wake.
            }
        }
    }

    /// <summary>Cancels <see cref="Dropped"/>, without a drop reason, when <paramref name="connection"/> is cancelled; dispose the result when the session ends.</summary>
    /// <remarks>Cheaper than a linked token source, which a session would otherwise hold for hours.</remarks>
    public CancellationTokenRegistration EndWith(CancellationToken connection) =>
        connection.UnsafeRegister(static state => ((ListenerHandle)state!).End(), this);

    public void Dispose() => dropped.Dispose();

    private void End()
    {
        try
        {
            dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the session is over.
        }
    }
}
