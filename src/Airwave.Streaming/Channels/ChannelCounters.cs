namespace Airwave.Streaming.Channels;

/// <summary>Running totals of a channel, updated without locks by the channel actor and its listeners.</summary>
public sealed class ChannelCounters
{
    private long bytesIn;
    private long bytesOut;
    private long listenerConnections;
    private long slowListenersDropped;
    private long sourceConnections;
    private long hlsSegmentsServed;
    private long listenersRefused;
    private int downloads;
    private int peakListeners;

    public long BytesIn => Volatile.Read(ref bytesIn);

    public long BytesOut => Volatile.Read(ref bytesOut);

    public long ListenerConnections => Volatile.Read(ref listenerConnections);

    public long SlowListenersDropped => Volatile.Read(ref slowListenersDropped);

    public long SourceConnections => Volatile.Read(ref sourceConnections);

    public int PeakListeners => Volatile.Read(ref peakListeners);

    /// <summary>Live HLS segments answered (not HEAD requests).</summary>
    public long HlsSegmentsServed => Volatile.Read(ref hlsSegmentsServed);

    /// <summary>Requests of a private channel refused 403 (allow and deny lists, missing or bad listener tokens).</summary>
    public long ListenersRefused => Volatile.Read(ref listenersRefused);

    /// <summary>Archive downloads (clips, DRR files) being sent now.</summary>
    public int Downloads => Volatile.Read(ref downloads);

    public void AddBytesIn(long count) => Interlocked.Add(ref bytesIn, count);

    public void AddBytesOut(long count) => Interlocked.Add(ref bytesOut, count);

    public void SourceConnected() => Interlocked.Increment(ref sourceConnections);

    public void SlowListenerDropped() => Interlocked.Increment(ref slowListenersDropped);

    public void HlsSegmentServed() => Interlocked.Increment(ref hlsSegmentsServed);

    public void ListenerRefused() => Interlocked.Increment(ref listenersRefused);

    public void DownloadStarted() => Interlocked.Increment(ref downloads);

    public void DownloadEnded() => Interlocked.Decrement(ref downloads);

    public void ListenerConnected(int nowConnected)
    {
        Interlocked.Increment(ref listenerConnections);
        int peak;
        while (nowConnected > (peak = Volatile.Read(ref peakListeners)) &&
               Interlocked.CompareExchange(ref peakListeners, nowConnected, peak) != peak)
        {
        }
    }
}
