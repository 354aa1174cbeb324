using System.Collections.Concurrent;

namespace Airwave.Streaming.Fanout;

/// <summary>The listeners of one channel: admission against the limit, and Icecast's rule that a listener too far behind is dropped.</summary>
public sealed class ListenerRegistry
{
    private readonly ConcurrentDictionary<Guid, ListenerHandle> listeners = new();
    private int count;
    private int icyCount;

    public int Count => Volatile.Read(ref count);

    /// <summary>How many of <see cref="Count"/> receive ICY metadata; kept at admission and removal, so a scrape reads two numbers instead of walking every listener.</summary>
    public int IcyCount => Volatile.Read(ref icyCount);

    /// <summary>A copy of the listeners at one moment, for the admin pages.</summary>
    /// <remarks>
    /// The sweeps below walk the dictionary itself instead: a copy takes every lock of it and, at 10,000 listeners,
    /// makes 80 KB of garbage each sweep, once a second per channel.
    /// </remarks>
    public IEnumerable<ListenerHandle> All => listeners.Values;

    /// <summary>Adds the listener unless <paramref name="maxListeners"/> are connected already.</summary>
    public bool TryAdd(ListenerHandle listener, int maxListeners)
    {
        if (Interlocked.Increment(ref count) > maxListeners)
        {
            Interlocked.Decrement(ref count);
            return false;
        }

        listeners[listener.Id] = listener;
        if (listener.Icy)
        {
            Interlocked.Increment(ref icyCount);
        }

        return true;
    }

    /// <summary>Adds a listener moved here from another channel; the admin endpoint that moved it checked the limit for the whole group.</summary>
    public void Add(ListenerHandle listener)
    {
        if (listeners.TryAdd(listener.Id, listener))
        {
            Interlocked.Increment(ref count);
        }
    }

    public void Remove(ListenerHandle listener)
    {
        if (listeners.TryRemove(listener.Id, out _))
        {
            Interlocked.Decrement(ref count);
            if (listener.Icy)
            {
                Interlocked.Decrement(ref icyCount);
            }
        }
    }

    /// <summary>Drops every listener whose connection is more than <paramref name="maxLag"/> behind where it should be.</summary>
    /// <param name="nowTicks">The current time.</param>
    /// <param name="liveEdgeTicks">End of the newest chunk.</param>
    /// <param name="maxLag">The queue size expressed as stream time.</param>
    /// <returns>How many were dropped.</returns>
    public int DropLaggards(long nowTicks, long liveEdgeTicks, TimeSpan maxLag)
    {
        var dropped = 0;
        foreach (var (_, listener) in listeners)
        {
            var due = Math.Min(liveEdgeTicks, nowTicks - listener.Shift.Ticks);
            if (due - listener.DeliveredUpToTicks > maxLag.Ticks && listener.DropReason is null)
            {
                listener.Drop("listener fell more than queue-size behind");
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>Drops the listeners that have heard everything up to <paramref name="liveEdgeTicks"/> and only wait for more; time-shifted ones still playing stay.</summary>
    /// <returns>How many were dropped.</returns>
    public int DropWaiting(long liveEdgeTicks, string reason)
    {
        var dropped = 0;
        foreach (var (_, listener) in listeners)
        {
            if (listener.DeliveredUpToTicks >= liveEdgeTicks && listener.DropReason is null)
            {
                listener.Drop(reason);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>Drops everyone, e.g. when the channel stops.</summary>
    public void DropAll(string reason)
    {
        foreach (var (_, listener) in listeners)
        {
            listener.Drop(reason);
        }
    }
}
