using Airwave.Media;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Channels;

/// <summary>A channel's shared state: written only by its channel actor (Airwave.Channels), read concurrently by listener sessions.</summary>
public sealed class LiveChannel : IDisposable
{
    private StreamInfo? stream;
    private Transcoding.TranscoderStatus? transcoder;
    private NowPlaying nowPlaying = NowPlaying.Empty;
    private int source;
    private long sourceLostTicks;
    private long sourceConnectedTicks;

    /// <param name="settings">The channel's settings.</param>
    /// <param name="buffer">Its rewind buffer, which the channel owns from now on.</param>
    /// <param name="clock">Times the fan-out's send interval.</param>
    public LiveChannel(ChannelSettings settings, RewindBuffer buffer, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        Buffer = buffer;
        Signal = new ChunkSignal(clock, settings.SendInterval, settings.ChunkDuration);
        HlsSessions = new HlsSessionTracker(settings.HlsSegmentDuration * 3);
    }

    public ChannelSettings Settings { get; }

    public string Id => Settings.Name;

    public RewindBuffer Buffer { get; }

    /// <summary>Fires on every appended chunk.</summary>
    public ChunkSignal Signal { get; }

    public ListenerRegistry Listeners { get; } = new();

    public ChannelCounters Counters { get; } = new();

    /// <summary>The HLS segments closed over the rewind buffer.</summary>
    public SegmentIndex Segments { get; } = new();

    /// <summary>The HLS listeners of this channel.</summary>
    public HlsSessionTracker HlsSessions { get; }

    /// <summary>Demand and readiness when this channel is a relay of a channel owned by another node; null when it is fed here.</summary>
    public Relay.RelayState? Relay { get; init; }

    /// <summary>Says the channel is wanted and, for a relay, waits until it caught up with the owner's live edge (bounded).</summary>
    public Task WhenReadyAsync(long nowTicks, CancellationToken cancellationToken) =>
        Relay?.WaitReadyAsync(nowTicks, cancellationToken) ?? Task.CompletedTask;

    /// <summary>What is being served; null until the first source sent audio.</summary>
    public StreamInfo? Stream
    {
        get => Volatile.Read(ref stream);
        internal set => Volatile.Write(ref stream, value);
    }

    public NowPlaying NowPlaying
    {
        get => Volatile.Read(ref nowPlaying);
        internal set => Volatile.Write(ref nowPlaying, value);
    }

    public SourceState Source
    {
        get => (SourceState)Volatile.Read(ref source);
        internal set => Volatile.Write(ref source, (int)value);
    }

    /// <summary>When the source was lost (UTC ticks); meaningful while <see cref="Source"/> is <see cref="SourceState.Lost"/>.</summary>
    public long SourceLostTicks
    {
        get => Volatile.Read(ref sourceLostTicks);
        internal set => Volatile.Write(ref sourceLostTicks, value);
    }

    /// <summary>When the current source attached (UTC ticks), Icecast's <c>stream_start</c>; meaningful while <see cref="Source"/> is <see cref="SourceState.Connected"/>.</summary>
    public long SourceConnectedTicks
    {
        get => Volatile.Read(ref sourceConnectedTicks);
        internal set => Volatile.Write(ref sourceConnectedTicks, value);
    }

    /// <summary>The transcoder feeding this channel when it is a rendition (<see cref="ChannelSettings.Rendition"/>); null otherwise.</summary>
    public Transcoding.TranscoderStatus? Transcoder
    {
        get => Volatile.Read(ref transcoder);
        set => Volatile.Write(ref transcoder, value);
    }

    /// <summary>The source client, for status pages; null when none is connected.</summary>
    public Sources.SourceDescriptor? SourceClient { get; internal set; }

    /// <summary>The content type listeners get: the stream's, or the configured loop file's guess before audio arrives.</summary>
    public string ContentType => Stream?.ContentType ?? AudioContentTypes.Mpeg;

    /// <summary>
    /// The codec of chunk <paramref name="seq"/>, or, while it has not arrived or has left, of the newest chunk held, or of
    /// the stream described last; <see cref="AudioFormat.Unknown"/> before any audio. A listener's connection announces the
    /// codec of the chunk it starts at and carries that codec only.
    /// </summary>
    public AudioFormat FormatAt(long seq)
    {
        if (Buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available)
        {
            return header.Format;
        }

        var held = Buffer.Snapshot();
        return !held.IsEmpty && Buffer.TryRead(held.LastSeq, out var newest, out _) == ChunkReadStatus.Available
            ? newest.Format
            : Stream?.Format ?? AudioFormat.Unknown;
    }

    public void Dispose()
    {
        Signal.Close();
        Listeners.DropAll("channel stopped");
        Buffer.Dispose();
    }
}
