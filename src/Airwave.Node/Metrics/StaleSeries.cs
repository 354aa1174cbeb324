using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>Removes the series of things that no longer exist, so a deleted channel or a left member leaves no label behind.</summary>
internal static class StaleSeries
{
    /// <summary>Removes every series of <paramref name="collector"/> whose first label value is not in <paramref name="current"/>.</summary>
    public static void RemoveAllBut<TChild>(Collector<TChild> collector, IReadOnlySet<string> current)
        where TChild : ChildBase
    {
        foreach (var labels in collector.GetAllLabelValues().ToList())
        {
            if (labels.Length > 0 && !current.Contains(labels[0]))
            {
                collector.RemoveLabelled(labels);
            }
        }
    }
}
