using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Streaming.Tests.Hls;

/// <summary>A channel without an actor and its segmenter, numbering through an in-memory reservation log; the test appends chunks as the channel actor would.</summary>
internal sealed class SegmenterBench : IAsyncDisposable, ISegmentObserver
{
    public static readonly DateTime Origin = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    private readonly MemoryReservationLog<SegmentSequenceReserved> reservations;
    private readonly bool ownsChannel;
    private long nextSeq;

    private SegmenterBench(MemoryReservationLog<SegmentSequenceReserved> reservations, LiveChannel channel, bool ownsChannel)
    {
        this.reservations = reservations;
        this.ownsChannel = ownsChannel;
        Channel = channel;
        nextSeq = channel.Buffer.Snapshot().LastSeq + 1;
        var observers = new SegmentObservers();
        observers.Add(this);
        Segmenter = new HlsSegmenter(channel, new SegmentSequence(reservations), observers, NullLogger.Instance);
    }

    public LiveChannel Channel { get; }

    public HlsSegmenter Segmenter { get; }

    /// <summary>Segments the observers were told about, in order.</summary>
    public List<HlsSegment> Observed { get; } = [];

    public static Task<SegmenterBench> CreateAsync(ChannelSettings? settings = null, TimeSpan? rewind = null) =>
        OpenAsync(new MemoryReservationLog<SegmentSequenceReserved>(), settings, NewBuffer(rewind), ownsChannel: true);

    /// <summary>A second bench on the same reservations and the same rewind buffer, as after a restart that restored the dump.</summary>
    public Task<SegmenterBench> RestartAsync() => OpenAsync(reservations, Channel.Settings, Channel.Buffer, ownsChannel: false);

    /// <summary>This channel stops in order (handing back its unused numbers) and a new owner starts it on the same reservations with an empty buffer.</summary>
    public async Task<SegmenterBench> HandOffAsync()
    {
        await Segmenter.ReleaseAsync();
        return await OpenAsync(reservations, Channel.Settings, NewBuffer(null), ownsChannel: true);
    }

    public static ChannelSettings Settings(string name = "live", double segmentSeconds = 6) =>
        new() { Name = name, HlsSegmentDuration = TimeSpan.FromSeconds(segmentSeconds), HlsLiveWindow = TimeSpan.FromSeconds(30) };

    /// <summary>Appends a chunk of <paramref name="duration"/> starting at <paramref name="startUtc"/> and lets the segmenter see it.</summary>
    public async Task AppendAsync(DateTime startUtc, TimeSpan duration, ChunkMarkers markers = ChunkMarkers.None, int bytes = 100, AudioFormat format = AudioFormat.Mp3)
    {
        var header = new ChunkHeader(nextSeq++, startUtc.Ticks, duration.Ticks, markers, 0, bytes, format);
        Channel.Buffer.Append(header, new byte[bytes]);
        await Segmenter.OnAppendedAsync(header);
    }

    /// <summary>Appends back-to-back chunks of <paramref name="duration"/> from <paramref name="startUtc"/> until <paramref name="endUtc"/>; returns where the next would start.</summary>
    public async Task<DateTime> AppendRunAsync(DateTime startUtc, DateTime endUtc, TimeSpan duration, ChunkMarkers firstMarkers = ChunkMarkers.None, AudioFormat format = AudioFormat.Mp3)
    {
        var at = startUtc;
        var markers = firstMarkers;
        while (at < endUtc)
        {
            await AppendAsync(at, duration, markers, format: format);
            markers = ChunkMarkers.None;
            at += duration;
        }

        return at;
    }

    public void OnSegmentClosed(LiveChannel channel, HlsSegment segment) => Observed.Add(segment);

    public ValueTask DisposeAsync()
    {
        if (ownsChannel)
        {
            Channel.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<SegmenterBench> OpenAsync(
        MemoryReservationLog<SegmentSequenceReserved> reservations, ChannelSettings? settings, RewindBuffer buffer, bool ownsChannel)
    {
        var bench = new SegmenterBench(reservations, new LiveChannel(settings ?? Settings(), buffer, TimeProvider.System), ownsChannel);
        await bench.Segmenter.RecoverAsync();
        return bench;
    }

    private static RewindBuffer NewBuffer(TimeSpan? rewind) =>
        new(new RewindBufferOptions { MaxDuration = rewind ?? TimeSpan.FromHours(1), RecycleGuard = TimeSpan.Zero });
}
