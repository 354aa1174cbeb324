namespace Airwave.Streaming.Relay;

/// <summary>A relayed channel's demand, readiness and connection: endpoints say someone wants it and wait until the relay caught up with live; status pages read where it relays from.</summary>
public sealed class RelayState
{
    private string? owner;
    private int connected;
    private int reconnects;
    private int waiting;

    /// <summary>How long a request waits for a relay to catch up before it is served with what the replica holds.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    private TaskCompletionSource ready = NewReady();
    private long lastWantedTicks = long.MinValue;

    /// <summary>How far behind the replica's newest chunk its live listeners play (<see cref="RelayOptions.Delay"/>).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Raised when demand appears, so the relay connects without waiting for its next tick.</summary>
    public event EventHandler? Wanted;

    /// <summary>When someone last wanted the channel (UTC ticks).</summary>
    public long LastWantedTicks => Volatile.Read(ref lastWantedTicks);

    /// <summary>True once the feed reached the owner's live edge, until the relay closes for lack of listeners.</summary>
    public bool IsReady => Volatile.Read(ref ready).Task.IsCompleted;

    /// <summary>The owner's address the feed was last opened to; null before the first.</summary>
    public string? Owner => Volatile.Read(ref owner);

    /// <summary>True while a feed connection is open.</summary>
    public bool Connected => Volatile.Read(ref connected) != 0;

    /// <summary>Feed connections that ended other than by idle close (owner lost, channel moved, network).</summary>
    public int Reconnects => Volatile.Read(ref reconnects);

    /// <summary>Requests waiting in <see cref="WaitReadyAsync"/>: they are not listeners yet, but they want the feed as much.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Records that the channel is wanted at <paramref name="nowTicks"/>.</summary>
    public void Touch(long nowTicks)
    {
        var before = Interlocked.Exchange(ref lastWantedTicks, nowTicks);
        if (before == long.MinValue || !IsReady)
        {
            Wanted?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>
    /// Records that the relay's own listeners still want the channel, without raising <see cref="Wanted"/>: the relay
    /// calls this on its tick, and a wake-up per tick while it is not ready would make it tick itself in a loop.
    /// </summary>
    internal void Renew(long nowTicks) => Interlocked.Exchange(ref lastWantedTicks, nowTicks);

    /// <summary>Marks the channel wanted and waits until the relay is live, at most <see cref="ReadyTimeout"/>.</summary>
    public async Task WaitReadyAsync(long nowTicks, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref waiting);
        Touch(nowTicks);
        try
        {
            await Volatile.Read(ref ready).Task.WaitAsync(ReadyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The owner is unreachable or has not caught up: serve what the replica holds; the listener waits for new chunks.
        }
        catch (OperationCanceledException)
        {
            // The client left while waiting; the caller finds its connection closed.
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    internal void MarkReady() => Volatile.Read(ref ready).TrySetResult();

    internal void MarkConnected(string address)
    {
        Volatile.Write(ref owner, address);
        Volatile.Write(ref connected, 1);
    }

    internal void MarkDisconnected(bool unexpected)
    {
        Volatile.Write(ref connected, 0);
        if (unexpected)
        {
            Interlocked.Increment(ref reconnects);
        }
    }

    internal void MarkStale()
    {
        if (IsReady)
        {
            Volatile.Write(ref ready, NewReady());
        }
    }

    private static TaskCompletionSource NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
