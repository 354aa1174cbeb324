namespace Airwave.Streaming.Upstreams;

/// <summary>Counters and state of one upstream, written by its pull session and the upstream actor, read by the admin API.</summary>
public sealed class UpstreamHealth(UpstreamSettings upstream)
{
    private readonly Lock gate = new();
    private long bytes;
    private long sessionBytes;
    private long connections;
    private long failures;
    private int state;
    private string? lastError;
    private DateTime? lastErrorUtc;
    private DateTime? connectedUtc;
    private UpstreamType? detected;

    public UpstreamSettings Upstream { get; } = upstream;

    public UpstreamState State
    {
        get => (UpstreamState)Volatile.Read(ref state);
        set => Volatile.Write(ref state, (int)value);
    }

    /// <summary>Bytes received in total.</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>Counts received bytes.</summary>
    public void AddBytes(long count)
    {
        Interlocked.Add(ref bytes, count);
        Interlocked.Add(ref sessionBytes, count);
    }

    /// <summary>A connection is being opened.</summary>
    public void Connecting()
    {
        Interlocked.Increment(ref connections);
        Interlocked.Exchange(ref sessionBytes, 0);
        State = UpstreamState.Connecting;
    }

    /// <summary>What the upstream serves, once sniffed.</summary>
    public void Detected(UpstreamType type)
    {
        lock (gate)
        {
            detected = type;
        }
    }

    /// <summary>Media flows since <paramref name="nowUtc"/>.</summary>
    public void Streaming(DateTime nowUtc)
    {
        lock (gate)
        {
            connectedUtc = nowUtc;
        }

        State = UpstreamState.Streaming;
    }

    /// <summary>An attempt failed.</summary>
    public void Failed(string error, DateTime nowUtc, UpstreamState next)
    {
        Interlocked.Increment(ref failures);
        lock (gate)
        {
            lastError = error;
            lastErrorUtc = nowUtc;
            connectedUtc = null;
        }

        State = next;
    }

    /// <summary>Not in use any more (switched away or closed on demand).</summary>
    public void Idle()
    {
        lock (gate)
        {
            connectedUtc = null;
        }

        State = UpstreamState.Idle;
    }

    /// <summary>A consistent view for the admin API.</summary>
    public UpstreamStatus Snapshot(int index, bool active, bool preferred, DateTime nowUtc)
    {
        lock (gate)
        {
            var opened = Interlocked.Read(ref connections);
            var seconds = connectedUtc is { } since ? (nowUtc - since).TotalSeconds : 0;
            var kbps = seconds >= 2 ? (int)Math.Round(Interlocked.Read(ref sessionBytes) * 8 / seconds / 1000) : 0;
            return new UpstreamStatus(
                index, Upstream.Url, Upstream.Type.ToString().ToLowerInvariant(), detected?.ToString().ToLowerInvariant(),
                State.ToString().ToLowerInvariant(), active, preferred, lastError, lastErrorUtc, Bytes, opened, Math.Max(0, opened - 1),
                Interlocked.Read(ref failures), connectedUtc, kbps);
        }
    }
}
