using System.Collections.Concurrent;

namespace Airwave.Streaming.Hls;

/// <summary>Counts a channel's HLS listeners: a session (X-Playback-Session-Id or <c>?sid=</c>) is active while it requested something recently.</summary>
public sealed class HlsSessionTracker(TimeSpan activeWindow)
{
    private readonly ConcurrentDictionary<string, long> lastSeen = new(StringComparer.Ordinal);
    private int pruneAbove = 1024;

    /// <summary>How recently a session must have requested a playlist or segment to count as active.</summary>
    public TimeSpan ActiveWindow { get; } = activeWindow;

    /// <summary>Records a request of session <paramref name="id"/> at <paramref name="nowTicks"/> (UTC).</summary>
    public void Touch(string id, long nowTicks)
    {
        lastSeen[id] = nowTicks;
        if (lastSeen.Count > Volatile.Read(ref pruneAbove))
        {
            Prune(nowTicks);
            Volatile.Write(ref pruneAbove, Math.Max(1024, lastSeen.Count * 2));
        }
    }

    /// <summary>Sessions that made a request within <see cref="ActiveWindow"/> of <paramref name="nowTicks"/>.</summary>
    public int Active(long nowTicks)
    {
        Prune(nowTicks);
        return lastSeen.Count;
    }

    private void Prune(long nowTicks)
    {
        var oldest = nowTicks - ActiveWindow.Ticks;
        foreach (var (id, seen) in lastSeen)
        {
            if (seen < oldest)
            {
                lastSeen.TryRemove(new KeyValuePair<string, long>(id, seen));
            }
        }
    }
}
