using Airwave.Actors;
using Airwave.Media;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Channels;

/// <summary>A channel's shared state: written only by its <see cref="ChannelActor"/>, read concurrently by listener sessions.</summary>
public sealed class LiveChannel : IDisposable
{
    private StreamInfo? stream;
    private NowPlaying nowPlaying = NowPlaying.Empty;
    private int source;
    private long sourceLostTicks;

    public LiveChannel(ChannelSettings settings, RewindBuffer buffer)
    {
        Settings = settings;
        Buffer = buffer;
        HlsSessions = new HlsSessionTracker(settings.HlsSegmentDuration * 3);
    }

    public ChannelSettings Settings { get; }

    public string Id => Settings.Name;

    public RewindBuffer Buffer { get; }

    /// <summary>Fires on every appended chunk.</summary>
    public ChunkSignal Signal { get; } = new();

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

    /// <summary>The channel actor; set once when the actor is spawned.</summary>
    public IActorRef<ChannelCommand>? Actor { get; set; }

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

    /// <summary>The source client, for status pages; null when none is connected.</summary>
    public Sources.SourceDescriptor? SourceClient { get; internal set; }

    /// <summary>The content type listeners get: the stream's, or the configured loop file's guess before audio arrives.</summary>
    public string ContentType => Stream?.ContentType ?? AudioContentTypes.Mpeg;

    public void Dispose()
    {
        Signal.Close();
        Listeners.DropAll("channel stopped");
        Buffer.Dispose();
    }
}
