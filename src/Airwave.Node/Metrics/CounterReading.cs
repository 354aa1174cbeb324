using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>Copies a running total the node already keeps into a Prometheus counter at scrape time.</summary>
internal static class CounterReading
{
    /// <summary>
    /// Sets the series <paramref name="labels"/> of <paramref name="counter"/> to <paramref name="total"/>. A total below
    /// the exported one means its source started over (a channel restarted or moved back, an actor restarted): the
    /// series is started again, which Prometheus' <c>rate()</c> reads as a counter reset, instead of staying stuck above.
    /// </summary>
    public static void Set(Counter counter, double total, params string[] labels)
    {
        var child = counter.WithLabels(labels);
        if (total < child.Value)
        {
            counter.RemoveLabelled(labels);
            child = counter.WithLabels(labels);
        }

        child.IncTo(total);
    }
}
