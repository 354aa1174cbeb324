using Airwave.Persistence.Analytics;

namespace Airwave.Streaming.Analytics;

/// <summary>Builds a <see cref="ListeningReport"/> from the listens of its window as they stream from the store.</summary>
public sealed class ListeningReportBuilder
{
    /// <summary>The most intervals one report has, so a year at one second cannot exhaust the node's memory.</summary>
    public const int MaxIntervals = 10_000;

    /// <summary>The live/rewind split's names in <see cref="ListeningReport.ByOffset"/>.</summary>
    public const string Live = "live";

    /// <inheritdoc cref="Live"/>
    public const string Rewind = "rewind";

    private static readonly string[] Outputs = [ListenerOutput.Raw, ListenerOutput.Icy, ListenerOutput.Hls, ListenerOutput.Download];
    private readonly string? channel;
    private readonly DateTime from;
    private readonly DateTime to;
    private readonly TimeSpan interval;
    private readonly TimeSpan liveWithin;
    private readonly ListeningTally total;
    private readonly Dictionary<string, ListeningTally> byOutput;
    private readonly Dictionary<string, ListeningTally> byOffset;
    private readonly ListeningTally[] intervals;

    /// <exception cref="ArgumentException">The window is empty, the interval not positive, or the window holds more than <see cref="MaxIntervals"/> intervals.</exception>
    public ListeningReportBuilder(string? channel, DateTime fromUtc, DateTime toUtc, TimeSpan interval, TimeSpan liveWithin)
    {
        if (toUtc <= fromUtc)
        {
            throw new ArgumentException($"the window is empty: from ({fromUtc:o}) must be before to ({toUtc:o})");
        }

        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentException("the interval must be positive");
        }

        var count = (int)Math.Min(MaxIntervals + 1, Math.Ceiling((toUtc - fromUtc) / interval));
        if (count > MaxIntervals)
        {
            throw new ArgumentException($"the window holds more than {MaxIntervals} intervals: ask for a longer interval or a shorter window");
        }

        (this.channel, from, to, this.interval, this.liveWithin) = (channel, fromUtc, toUtc, interval, liveWithin);
        total = new ListeningTally(fromUtc, toUtc);
        byOutput = Outputs.ToDictionary(o => o, _ => new ListeningTally(fromUtc, toUtc), StringComparer.Ordinal);
        byOffset = new Dictionary<string, ListeningTally>(StringComparer.Ordinal) { [Live] = new(fromUtc, toUtc), [Rewind] = new(fromUtc, toUtc) };
        intervals = new ListeningTally[count];
        for (var i = 0; i < count; i++)
        {
            var start = fromUtc + (interval * i);
            var end = start + interval;
            intervals[i] = new ListeningTally(start, end < toUtc ? end : toUtc);
        }
    }

    public void Add(ListenRow listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        total.Add(listen);
        if (!byOutput.TryGetValue(listen.Output, out var output))
        {
            byOutput[listen.Output] = output = new ListeningTally(from, to);
        }

        output.Add(listen);
        byOffset[listen.Offset < liveWithin ? Live : Rewind].Add(listen);
        var end = listen.LastUtc > listen.StartedUtc ? listen.LastUtc : listen.StartedUtc;
        var first = Math.Max(0, (int)Math.Floor((listen.StartedUtc - from) / interval));
        var last = Math.Min(intervals.Length - 1, (int)Math.Floor((end - from) / interval));
        for (var i = first; i <= last; i++)
        {
            intervals[i].Add(listen);
        }
    }

    public ListeningReport Build() => new(
        channel,
        from,
        to,
        interval.TotalSeconds,
        liveWithin.TotalSeconds,
        total.Figures(),
        byOutput.ToDictionary(o => o.Key, o => o.Value.Figures(), StringComparer.Ordinal),
        byOffset.ToDictionary(o => o.Key, o => o.Value.Figures(), StringComparer.Ordinal),
        [.. intervals.Select(i => i.Figures())]);
}
