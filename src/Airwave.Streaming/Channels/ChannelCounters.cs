namespace Airwave.Streaming.Channels;

/// <summary>Running totals of a channel, updated without locks by the channel actor and its listeners.</summary>
public sealed class ChannelCounters
{
    private long bytesIn;
    private long bytesOut;
    private long listenerConnections;
    private long slowListenersDropped;
    private long sourceConnections;
    private int peakListeners;

    public long BytesIn => Volatile.Read(ref bytesIn);

    public long BytesOut => Volatile.Read(ref bytesOut);

    public long ListenerConnections => Volatile.Read(ref listenerConnections);

    public long SlowListenersDropped => Volatile.Read(ref slowListenersDropped);

    public long SourceConnections => Volatile.Read(ref sourceConnections);

    public int PeakListeners => Volatile.Read(ref peakListeners);

    public void AddBytesIn(long count) => Interlocked.Add(ref bytesIn, count);

    public void AddBytesOut(long count) => Interlocked.Add(ref bytesOut, count);

    public void SourceConnected() => Interlocked.Increment(ref sourceConnections);

    public void SlowListenerDropped() => Interlocked.Increment(ref slowListenersDropped);

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
