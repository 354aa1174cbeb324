using System.Diagnostics;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>
/// The <c>airwave_journal_write_seconds</c> histogram: how long a batch written to an Akka.Persistence journal took,
/// timed by whoever writes it. Buckets from 1 ms to about 8 s: SQLite batches take milliseconds, PostgreSQL ones
/// tens to a hundred (docs/benchmarks.md), and a stalled database shows in the top buckets.
/// </summary>
internal sealed class JournalWriteTimer(IMetricFactory metrics)
{
    private readonly Histogram writes = metrics.CreateHistogram(
        "airwave_journal_write_seconds",
        "Time to write one batch to an Akka.Persistence journal (journal=sessions: a checkpoint batch of listener sessions), failed writes included.",
        new HistogramConfiguration { LabelNames = ["journal"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });

    /// <summary>Records one write of <paramref name="journal"/> that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Record(string journal, long startedTimestamp) =>
        writes.WithLabels(journal).Observe(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
}
