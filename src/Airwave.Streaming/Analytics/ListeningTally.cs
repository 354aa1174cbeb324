using Airwave.Persistence.Analytics;

namespace Airwave.Streaming.Analytics;

/// <summary>Adds up the listens that overlap one period into its <see cref="ListeningFigures"/>.</summary>
/// <remarks>
/// A listen counts for the part of it inside the period: its listening time and bytes pro rata to the overlap of its span
/// (start to last written), its concurrency for the overlap itself. Sessions count where they began; a listener counts
/// wherever it listened.
/// </remarks>
internal sealed class ListeningTally(DateTime from, DateTime to)
{
    private readonly HashSet<string> sessions = new(StringComparer.Ordinal);
    private readonly HashSet<string> listeners = new(StringComparer.Ordinal);
    private readonly List<(long Ticks, int Change)> edges = [];
    private double listenedSeconds;
    private double bytes;

    public void Add(ListenRow listen)
    {
        var start = listen.StartedUtc;
        var end = listen.LastUtc > start ? listen.LastUtc : start;
        var overlapStart = start > from ? start : from;
        var overlapEnd = end < to ? end : to;
        var startsHere = start >= from && start < to;
        if (overlapEnd <= overlapStart && !startsHere)
        {
            return;
        }

        if (startsHere)
        {
            sessions.Add(listen.SessionId);
        }

        listeners.Add(listen.Client + "\n" + listen.UserAgent);
        var share = end > start ? (overlapEnd - overlapStart) / (end - start) : 1.0;
        listenedSeconds += listen.Listened.TotalSeconds * share;
        bytes += listen.Bytes * share;
        if (overlapEnd > overlapStart)
        {
            edges.Add((overlapStart.Ticks, 1));
            edges.Add((overlapEnd.Ticks, -1));
        }
    }

    public ListeningFigures Figures()
    {
        // At one instant the leaving go first: one listener handing over to the next is not two at once.
        edges.Sort((a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Change.CompareTo(b.Change));
        int now = 0, peak = 0;
        foreach (var (_, change) in edges)
        {
            now += change;
            peak = Math.Max(peak, now);
        }

        var hours = listenedSeconds / 3600;
        var atsl = listeners.Count > 0 ? listenedSeconds / 60 / listeners.Count : 0;
        return new ListeningFigures(from, to, sessions.Count, listeners.Count, peak, Math.Round(hours, 6), Math.Round(atsl, 4), (long)Math.Round(bytes));
    }
}
