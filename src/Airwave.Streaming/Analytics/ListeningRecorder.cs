using System.Collections.Concurrent;
using Airwave.Persistence.Analytics;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Analytics;

/// <summary>
/// The node's listens: every raw or ICY connection, download and HLS session produces a start event, progress events
/// while it goes on, and an end event. Every <see cref="ListeningOptions.FlushInterval"/> the events go to the sinks
/// (the Elasticsearch push) and the listens they touched are written to the <see cref="IListenStore"/> in one batch, never
/// one database write per listener.
/// </summary>
/// <remarks>
/// Listeners only add and remove themselves here (a dictionary entry and a queued event per listen); the figures are read
/// on the recorder's own timer from what the listeners count anyway, so streaming pays nothing per chunk. While the
/// database cannot be written the listens wait, the latest state of each kept once, up to <see cref="MaxUnwritten"/>.
/// </remarks>
public sealed class ListeningRecorder : IDisposable
{
    /// <summary>The most listens held while the database cannot be written; beyond it the oldest news is dropped, with an error.</summary>
    public const int MaxUnwritten = 100_000;

    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);
    private readonly IListenStore store;
    private readonly IReadOnlyList<IListenEventSink> sinks;
    private readonly string node;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly ConcurrentDictionary<Guid, Listen> open = new();
    private readonly ConcurrentDictionary<(string Channel, string Session), Listen> hls = new();
    private readonly ConcurrentQueue<ListenEvent> events = new();
    private readonly Dictionary<string, ListenRow> unwritten = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly string hlsTimedOut;
    private DateTime prunedUtc;
    private bool failing;

    public ListeningRecorder(ListeningOptions options, IListenStore store, IReadOnlyList<IListenEventSink> sinks, string node, TimeProvider clock, ILogger<ListeningRecorder> log)
    {
        Options = options;
        this.store = store;
        this.sinks = sinks;
        this.node = node;
        this.clock = clock;
        this.log = log;
        hlsTimedOut = "no segment requested for " + Hocon.Values.HoconDuration.Format(options.HlsSessionTimeout);
    }

    public ListeningOptions Options { get; }

    /// <summary>The listens going on at this node now.</summary>
    public int Open => open.Count;

    /// <summary>A listen began; a disabled recorder ignores it.</summary>
    public void Start(Listen listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (!Options.Enabled)
        {
            return;
        }

        listen.ProgressUtc = listen.StartedUtc;
        open[listen.Id] = listen;
        events.Enqueue(new ListenEvent(ListenEventKind.Start, listen.StartedUtc, listen.Row(node, listen.StartedUtc)));
    }

    /// <summary>A listen ended for <paramref name="reason"/>.</summary>
    public void End(Listen listen, string reason)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (open.TryRemove(listen.Id, out _))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            events.Enqueue(new ListenEvent(ListenEventKind.End, now, listen.Row(node, now, reason)));
        }
    }

    /// <summary>
    /// <paramref name="segment"/> went to HLS session <paramref name="session"/>: its first segment starts the session's
    /// listen, and the session ends once it fetched nothing for <see cref="ListeningOptions.HlsSessionTimeout"/> after its
    /// audio ran out. How far behind live it listens is how long ago the segment began.
    /// </summary>
    /// <param name="output"><see cref="ListenerOutput.Hls"/> for a channel's segments (live, or archived with their live numbering), <see cref="ListenerOutput.Transcode"/> for a transcode session's.</param>
    /// <param name="segment">What was sent.</param>
    /// <param name="session">The playback session (a transcode session's id).</param>
    /// <param name="client">The client's address.</param>
    /// <param name="userAgent">The client's user agent.</param>
    public void SegmentSent(string output, HlsDelivery segment, string session, string client, string userAgent)
    {
        if (!Options.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var behindLive = now > segment.StartUtc ? now - segment.StartUtc : TimeSpan.Zero;
        var key = (segment.Channel, session);
        if (!hls.TryGetValue(key, out var listen))
        {
            var started = Listen.OfDeliveries(session, segment.Channel, output, client, userAgent, now, behindLive);
            listen = hls.GetOrAdd(key, started);
            if (ReferenceEquals(listen, started))
            {
                Start(started);
            }
        }

        listen.Deliver(segment.MediaSequence, segment.Duration, segment.Bytes, now + segment.Duration, behindLive);
    }

    /// <summary>Writes what is due every <see cref="ListeningOptions.FlushInterval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Options.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await FlushAsync(final: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Ends the HLS sessions that timed out, writes progress where due (<paramref name="final"/>: of every listen, as a
    /// stopping node does), hands the events to the sinks and writes the listens they touched; false when the write failed
    /// (the listens wait for the next one).
    /// </summary>
    public async Task<bool> FlushAsync(bool final, CancellationToken cancellationToken = default)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            EndTimedOutHlsSessions(now);
            QueueProgress(now, final);
            var batch = new List<ListenEvent>();
            while (events.TryDequeue(out var next))
            {
                batch.Add(next);
                unwritten[next.Listen.ListenId] = next.Listen;
            }

            if (batch.Count > 0)
            {
                foreach (var sink in sinks)
                {
                    sink.Offer(batch);
                }
            }

            return await WriteAsync(now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writing.Release();
        }
    }

    public void Dispose() => writing.Dispose();

    private void EndTimedOutHlsSessions(DateTime now)
    {
        foreach (var (key, listen) in hls)
        {
            if (now - listen.UntilUtc >= Options.HlsSessionTimeout && hls.TryRemove(new KeyValuePair<(string, string), Listen>(key, listen)))
            {
                End(listen, hlsTimedOut);
            }
        }
    }

    /// <remarks>Walks the open listens rather than a copy of them (<c>Values</c> takes every lock and copies).</remarks>
    private void QueueProgress(DateTime now, bool all)
    {
        foreach (var (_, listen) in open)
        {
            if (all || now - listen.ProgressUtc >= Options.ProgressInterval)
            {
                listen.ProgressUtc = now;
                events.Enqueue(new ListenEvent(ListenEventKind.Progress, now, listen.Row(node, now)));
            }
        }
    }

    private async Task<bool> WriteAsync(DateTime now, CancellationToken cancellationToken)
    {
        try
        {
            if (unwritten.Count > 0)
            {
                await store.SaveAsync([.. unwritten.Values], cancellationToken).ConfigureAwait(false);
                unwritten.Clear();
            }

            if (now - prunedUtc >= PruneInterval)
            {
                prunedUtc = now;
                if (await store.PruneAsync(now - Options.Retention, cancellationToken).ConfigureAwait(false) is > 0 and var pruned)
                {
                    log.LogInformation("deleted {Count} listens older than analytics.retention", pruned);
                }
            }

            if (failing)
            {
                failing = false;
                log.LogInformation("listens are written again");
            }

            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!failing)
            {
                failing = true;
                log.LogWarning(e, "could not write listens; retrying every {Interval}, holding up to {Max}", Options.FlushInterval, MaxUnwritten);
            }

            if (unwritten.Count > MaxUnwritten)
            {
                log.LogError("dropped {Count} listens the database could not take in time", unwritten.Count - MaxUnwritten);
                foreach (var id in unwritten.OrderBy(u => u.Value.LastUtc).Take(unwritten.Count - MaxUnwritten).Select(u => u.Key).ToList())
                {
                    unwritten.Remove(id);
                }
            }

            return false;
        }
    }
}
