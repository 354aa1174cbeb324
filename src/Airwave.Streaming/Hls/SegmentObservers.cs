namespace Airwave.Streaming.Hls;

/// <summary>The <see cref="ISegmentObserver"/>s the node registered; every channel's segmenter tells them about closed segments.</summary>
public sealed class SegmentObservers
{
    private ISegmentObserver[] observers = [];

    /// <summary>The observers registered so far.</summary>
    public IReadOnlyList<ISegmentObserver> All => Volatile.Read(ref observers);

    /// <summary>Registers an observer for segments closed from now on.</summary>
    public void Add(ISegmentObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        while (true)
        {
            var current = Volatile.Read(ref observers);
            if (Interlocked.CompareExchange(ref observers, [.. current, observer], current) == current)
            {
                return;
            }
        }
    }
}
