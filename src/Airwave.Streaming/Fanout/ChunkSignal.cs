namespace Airwave.Streaming.Fanout;

/// <summary>Wakes every waiting listener once a channel appended a chunk, without a queue per listener.</summary>
/// <remarks>
/// Listeners read chunks straight from the rewind buffer by sequence number; this signal only tells them
/// that there is something new. One task is shared by all waiters and replaced on each publish, so a
/// publish costs one completion however many listeners wait. Caught-up live listeners do not wait on the task: they
/// park on <see cref="Fanout"/>, which passes over all of them at most once per send interval; paced listeners park on
/// <see cref="PacedFanout"/>, which passes over them once per send interval by the clock.
/// </remarks>
/// <param name="clock">Times the fan-outs' send interval.</param>
/// <param name="sendInterval">The shortest time between two of the fan-out's passes (the channel's <c>send-interval</c>).</param>
/// <param name="chunkDuration">How often paced listeners are due a chunk: their fan-out's period when <paramref name="sendInterval"/> is zero.</param>
public sealed class ChunkSignal(TimeProvider clock, TimeSpan sendInterval, TimeSpan chunkDuration)
{
    private TaskCompletionSource pending = NewSource();

    /// <summary>The channel's parked listeners, sent the new chunks by one loop per send interval.</summary>
    public ChunkFanout Fanout { get; } = new(clock, sendInterval);

    /// <summary>The channel's parked paced (time-shifted) listeners, sent what fell due by one loop per send interval (per chunk when that is zero).</summary>
    public ChunkFanout PacedFanout { get; } = ChunkFanout.Ticking(clock, sendInterval > TimeSpan.Zero ? sendInterval : chunkDuration);

    /// <summary>A task that completes at the next <see cref="Publish"/> (or <see cref="Close"/>).</summary>
    /// <remarks>Take it before checking the buffer, so a chunk appended in between is not missed.</remarks>
    public Task NextAsync() => Volatile.Read(ref pending).Task;

    /// <summary>Wakes everyone waiting for the next chunk; does nothing once closed.</summary>
    public void Publish()
    {
        Fanout.Publish();
        // A pending task is completed only after it was swapped out, so a completed one in place means closed.
        var current = Volatile.Read(ref pending);
        while (!current.Task.IsCompleted)
        {
            var seen = Interlocked.CompareExchange(ref pending, NewSource(), current);
            if (seen == current)
            {
                current.TrySetResult();
                return;
            }

            current = seen;
        }
    }

    /// <summary>
    /// Has every listener of the channel look at its handle now, the paced ones too, rather than at the next chunk or
    /// the paced fan-out's next pass: an admin's move is taken at once.
    /// </summary>
    public void WakeAll()
    {
        Publish();
        PacedFanout.Publish();
    }

    /// <summary>Wakes everyone for good: the channel is gone.</summary>
    public void Close()
    {
        Fanout.Dispose();
        PacedFanout.Dispose();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        closed.SetResult();
        Interlocked.Exchange(ref pending, closed).TrySetResult();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
