namespace Airwave.Streaming.Alerts;

/// <summary>
/// Counts each pulled channel's upstream failovers within a sliding window, from the running total its upstream actor
/// reports: an upstream that flaps fails over again and again, which one reading of the total cannot tell from one
/// old failover. Pure state, read by the alert evaluator at each evaluation.
/// </summary>
public sealed class FailoverWindow(TimeSpan window)
{
    private readonly Dictionary<string, (long Total, Queue<DateTime> Times)> channels = new(StringComparer.Ordinal);

    /// <summary>
    /// Records <paramref name="total"/> (failovers since the upstream actor started; null when the actor did not answer
    /// this time) at <paramref name="nowUtc"/>; returns the failovers within the window.
    /// </summary>
    /// <remarks>
    /// The first reading counts from 0, since the actor starts with its channel; a total below the last one means the actor
    /// started again (the channel restarted or moved here), so it is counted from 0 again.
    /// </remarks>
    public int Observe(string channel, long? total, DateTime nowUtc)
    {
        var (last, times) = channels.TryGetValue(channel, out var known) ? known : (0L, new Queue<DateTime>());
        var reading = total ?? last;
        var added = reading >= last ? reading - last : reading;
        for (var i = 0; i < added; i++)
        {
            times.Enqueue(nowUtc);
        }

        while (times.TryPeek(out var oldest) && nowUtc - oldest >= window)
        {
            times.Dequeue();
        }

        channels[channel] = (reading, times);
        return times.Count;
    }

    /// <summary>Forgets every channel but <paramref name="present"/>: a channel that left the node starts from nothing if it comes back.</summary>
    public void KeepOnly(IReadOnlySet<string> present)
    {
        foreach (var gone in channels.Keys.Where(c => !present.Contains(c)).ToList())
        {
            channels.Remove(gone);
        }
    }
}
