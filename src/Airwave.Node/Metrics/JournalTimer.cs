using System.Diagnostics;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>
/// The <c>airwave_journal_write_seconds</c> and <c>airwave_journal_read_seconds</c> histograms: how long a batch written
/// to an Akka.Persistence journal took, and how long a read of one state from it took, timed by whoever writes or reads.
/// Buckets from 1 ms to about 8 s: SQLite batches take milliseconds, PostgreSQL ones tens to a hundred
/// (docs/benchmarks.md), and a stalled database shows in the top buckets.
/// </summary>
internal sealed class JournalTimer(IMetricFactory metrics)
{
    private static readonly double[] Buckets = Histogram.ExponentialBuckets(0.001, 2, 14);

    private readonly Histogram writes = metrics.CreateHistogram(
        "airwave_journal_write_seconds",
        "Time to write one batch to an Akka.Persistence journal (journal=sessions: a checkpoint batch of listener sessions), failed writes included.",
        new HistogramConfiguration { LabelNames = ["journal"], Buckets = Buckets });

    private readonly Histogram reads = metrics.CreateHistogram(
        "airwave_journal_read_seconds",
        "Time to read one state from an Akka.Persistence journal (journal=sessions: the session a listener presents, or a progress row), waiting for a statement shared with other reads and failed reads included.",
        new HistogramConfiguration { LabelNames = ["journal"], Buckets = Buckets });

    /// <summary>Records one write of <paramref name="journal"/> that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordWrite(string journal, long startedTimestamp) =>
        writes.WithLabels(journal).Observe(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);

    /// <summary>Records one read of <paramref name="journal"/> that started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordRead(string journal, long startedTimestamp) =>
        reads.WithLabels(journal).Observe(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
}
