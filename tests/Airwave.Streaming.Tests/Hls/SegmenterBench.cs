using Airwave.Persistence;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Streaming.Tests.Hls;

/// <summary>A channel without an actor and its segmenter over a SQLite journal in a temp directory; the test appends chunks as the channel actor would.</summary>
internal sealed class SegmenterBench : IAsyncDisposable, ISegmentObserver
{
    public static readonly DateTime Origin = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    private readonly PersistenceStores stores;
    private readonly EventSerializer serializer = new();
    private readonly bool ownsDirectory;
    private long nextSeq;

    private SegmenterBench(string directory, PersistenceStores stores, LiveChannel channel, bool ownsDirectory)
    {
        Directory = directory;
        this.stores = stores;
        this.ownsDirectory = ownsDirectory;
        Channel = channel;
        nextSeq = channel.Buffer.Snapshot().LastSeq + 1;
        SegmentSequence.Register(serializer);
        var observers = new SegmentObservers();
        observers.Add(this);
        Segmenter = new HlsSegmenter(channel, new SegmentSequence(channel.Id, stores.Journal, serializer), observers, NullLogger.Instance);
    }

    public string Directory { get; }

    public LiveChannel Channel { get; }

    public HlsSegmenter Segmenter { get; }

    /// <summary>Segments the observers were told about, in order.</summary>
    public List<HlsSegment> Observed { get; } = [];

    public static Task<SegmenterBench> CreateAsync(ChannelSettings? settings = null, TimeSpan? rewind = null) =>
        OpenAsync(Path.Combine(Path.GetTempPath(), "airwave-hls-" + Guid.NewGuid().ToString("N")), settings, NewBuffer(rewind), ownsDirectory: true);

    /// <summary>A second bench on the same journal and the same rewind buffer, as after a restart that restored the dump.</summary>
    public Task<SegmenterBench> RestartAsync() => OpenAsync(Directory, Channel.Settings, Channel.Buffer, ownsDirectory: false);

    public static ChannelSettings Settings(string name = "live", double segmentSeconds = 6) =>
        new() { Name = name, HlsSegmentDuration = TimeSpan.FromSeconds(segmentSeconds), HlsLiveWindow = TimeSpan.FromSeconds(30) };

    /// <summary>Appends a chunk of <paramref name="duration"/> starting at <paramref name="startUtc"/> and lets the segmenter see it.</summary>
    public async Task AppendAsync(DateTime startUtc, TimeSpan duration, ChunkMarkers markers = ChunkMarkers.None, int bytes = 100)
    {
        var header = new ChunkHeader(nextSeq++, startUtc.Ticks, duration.Ticks, markers, 0, bytes);
        Channel.Buffer.Append(header, new byte[bytes]);
        await Segmenter.OnAppendedAsync(header);
    }

    /// <summary>Appends back-to-back chunks of <paramref name="duration"/> from <paramref name="startUtc"/> until <paramref name="endUtc"/>; returns where the next would start.</summary>
    public async Task<DateTime> AppendRunAsync(DateTime startUtc, DateTime endUtc, TimeSpan duration, ChunkMarkers firstMarkers = ChunkMarkers.None)
    {
        var at = startUtc;
        var markers = firstMarkers;
        while (at < endUtc)
        {
            await AppendAsync(at, duration, markers);
            markers = ChunkMarkers.None;
            at += duration;
        }

        return at;
    }

    public void OnSegmentClosed(LiveChannel channel, HlsSegment segment) => Observed.Add(segment);

    public async ValueTask DisposeAsync()
    {
        await stores.DisposeAsync();
        if (ownsDirectory)
        {
            Channel.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<SegmenterBench> OpenAsync(string directory, ChannelSettings? settings, RewindBuffer buffer, bool ownsDirectory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var stores = await PersistenceStoreFactory.OpenAsync(new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory });
        var channel = new LiveChannel(settings ?? Settings(), buffer);
        var bench = new SegmenterBench(directory, stores, channel, ownsDirectory);
        await bench.Segmenter.RecoverAsync();
        return bench;
    }

    private static RewindBuffer NewBuffer(TimeSpan? rewind) =>
        new(new RewindBufferOptions { MaxDuration = rewind ?? TimeSpan.FromHours(1), RecycleGuard = TimeSpan.Zero });
}
