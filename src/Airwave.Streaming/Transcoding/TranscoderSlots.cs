namespace Airwave.Streaming.Transcoding;

/// <summary>The node's ffmpeg processes, counted against <c>transcoding.max-processes</c>; thread-safe.</summary>
public sealed class TranscoderSlots(int max)
{
    private int used;

    /// <summary>The most processes that may run at once.</summary>
    public int Max { get; } = max;

    /// <summary>Processes running now.</summary>
    public int InUse => Volatile.Read(ref used);

    /// <summary>Takes a slot for one process; false when all <see cref="Max"/> are taken.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref used);
        while (current < Max)
        {
            var seen = Interlocked.CompareExchange(ref used, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Gives back a slot taken with <see cref="TryAcquire"/>.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref used) < 0)
        {
            throw new InvalidOperationException("a transcoder slot was released twice");
        }
    }
}
