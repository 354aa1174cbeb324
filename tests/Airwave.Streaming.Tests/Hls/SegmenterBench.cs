using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Journaling;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Tests.Journaling;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Streaming.Tests.Hls;

/// <summary>A channel without an actor and its segmenter, numbering through Akka.Persistence on SQLite files in a temp directory; the test appends chunks as the channel actor would.</summary>
internal sealed class SegmenterBench : IAsyncDisposable, ISegmentObserver
{
    public static readonly DateTime Origin = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    private readonly ActorSystem system;
    private readonly ReservationLog<SegmentSequenceReserved> reservations;
    private readonly bool ownsDirectory;
    private long nextSeq;

    private SegmenterBench(string directory, ActorSystem system, LiveChannel channel, bool ownsDirectory)
    {
        Directory = directory;
        this.system = system;
        this.ownsDirectory = ownsDirectory;
        Channel = channel;
        nextSeq = channel.Buffer.Snapshot().LastSeq + 1;
        var observers = new SegmentObservers();
        observers.Add(this);
        reservations = TestJournals.Start<SegmentSequenceReserved>(system, SegmentSequence.PersistenceIdOf(channel.Id));
        Segmenter = new HlsSegmenter(channel, new SegmentSequence(reservations), observers, NullLogger.Instance);
    }

    public string Directory { get; }

    public LiveChannel Channel { get; }

    public HlsSegmenter Segmenter { get; }

    /// <summary>Segments the observers were told about, in order.</summary>
    public List<HlsSegment> Observed { get; } = [];

    public static Task<SegmenterBench> CreateAsync(ChannelSettings? settings = null, TimeSpan? rewind = null) =>
        OpenAsync(Path.Combine(Path.GetTempPath(), "airwave-hls-" + Guid.NewGuid().ToString("N")), settings, NewBuffer(rewind), ownsDirectory: true);

    /// <summary>A second bench on the same journal and the same rewind buffer, as after a restart that restored the dump.</summary>
    public async Task<SegmenterBench> RestartAsync()
    {
        // One writer per persistence id: this bench's counter stops before the next one recovers.
        await reservations.Actor.GracefulStop(TimeSpan.FromSeconds(10));
        return await OpenAsync(Directory, Channel.Settings, Channel.Buffer, ownsDirectory: false);
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

    public async ValueTask DisposeAsync()
    {
        await system.Terminate();
        if (ownsDirectory)
        {
            Channel.Dispose();
            try
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
        var system = ActorSystem.Create("segmenter-" + Guid.NewGuid().ToString("N")[..8], TestJournals.Sqlite(directory));
        var channel = new LiveChannel(settings ?? Settings(), buffer);
        var bench = new SegmenterBench(directory, system, channel, ownsDirectory);
        await bench.Segmenter.RecoverAsync();
        return bench;
    }

    private static RewindBuffer NewBuffer(TimeSpan? rewind) =>
        new(new RewindBufferOptions { MaxDuration = rewind ?? TimeSpan.FromHours(1), RecycleGuard = TimeSpan.Zero });
}
