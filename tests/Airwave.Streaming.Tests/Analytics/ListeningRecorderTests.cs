using Airwave.Persistence;
using Airwave.Persistence.Analytics;
using Airwave.Streaming.Analytics;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Airwave.Streaming.Tests.Analytics;

/// <summary>The recorder on a SQLite database and a manual clock: what a connection, an HLS session and a download leave in the store and the sinks.</summary>
public sealed class ListeningRecorderTests : IAsyncLifetime
{
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(2);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "airwave-listens-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider clock = new(TestChannels.Origin);
    private readonly Sink sink = new();
    private PersistenceStores? stores;

    private IListenStore Store => stores!.Listens;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        stores = await PersistenceStoreFactory.OpenAsync(new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory });
    }

    public async Task DisposeAsync()
    {
        await stores!.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_connection_writes_its_start_its_progress_and_its_end_with_the_handles_bytes()
    {
        using var recorder = Recorder(ListeningOptions.Default);
        using var handle = new ListenerHandle("10.0.0.1", "VLC/3.0", TimeSpan.Zero, clock.GetUtcNow().UtcDateTime) { Icy = true };
        var listen = Listen.OfConnection("sid-1", "live", handle);
        recorder.Start(listen);
        await recorder.FlushAsync(final: false);
        Assert.Equal(TimeSpan.Zero, Assert.Single(await ReadAsync()).Listened);

        clock.Advance(TimeSpan.FromSeconds(30));
        handle.Delivered(clock.GetUtcNow().UtcTicks, 480_000);
        await recorder.FlushAsync(final: false);
        var progress = Assert.Single(await ReadAsync());
        Assert.Equal((ListenerOutput.Icy, "sid-1", TimeSpan.FromSeconds(30), 480_000L, false), (progress.Output, progress.SessionId, progress.Listened, progress.Bytes, progress.Ended));

        clock.Advance(TimeSpan.FromSeconds(12));
        recorder.End(listen, "listener left");
        await recorder.FlushAsync(final: false);
        var ended = Assert.Single(await ReadAsync());
        Assert.Equal((TimeSpan.FromSeconds(42), true, "listener left", "node-a"), (ended.Listened, ended.Ended, ended.EndReason, ended.Node));
        Assert.Equal([ListenEventKind.Start, ListenEventKind.Progress, ListenEventKind.End], sink.Events.Select(e => e.Kind));
        Assert.Equal(0, recorder.Open);
    }

    [Fact]
    public async Task An_hls_session_counts_each_segment_once_and_ends_after_the_timeout_when_its_audio_ran_out()
    {
        using var recorder = Recorder(ListeningOptions.Default with { HlsSessionTimeout = TimeSpan.FromSeconds(10) });
        var first = clock.GetUtcNow().UtcDateTime;
        for (var n = 100; n < 103; n++)
        {
            recorder.HlsSegmentSent(new HlsDelivery("live", n, first.AddSeconds(-6), Segment, 32_000), "player-1", "10.0.0.2", "AppleCoreMedia");
            // The player asks for the same segment again (a retry): it counts once.
            recorder.HlsSegmentSent(new HlsDelivery("live", n, first.AddSeconds(-6), Segment, 32_000), "player-1", "10.0.0.2", "AppleCoreMedia");
            clock.Advance(Segment);
        }

        await recorder.FlushAsync(final: false);
        Assert.False(Assert.Single(await ReadAsync()).Ended);

        clock.Advance(TimeSpan.FromSeconds(10));
        await recorder.FlushAsync(final: false);
        var ended = Assert.Single(await ReadAsync());
        Assert.Equal((ListenerOutput.Hls, "player-1", TimeSpan.FromSeconds(6), 96_000L, true), (ended.Output, ended.SessionId, ended.Listened, ended.Bytes, ended.Ended));
        Assert.Equal((first, first.AddSeconds(6)), (ended.StartedUtc, ended.LastUtc));
        Assert.Equal(TimeSpan.FromSeconds(10), ended.Offset);
    }

    [Fact]
    public async Task A_final_flush_writes_every_listen_going_on()
    {
        using var recorder = Recorder(ListeningOptions.Default);
        using var handle = new ListenerHandle("10.0.0.1", "mpv", TimeSpan.Zero, clock.GetUtcNow().UtcDateTime);
        recorder.Start(Listen.OfConnection("sid-2", "live", handle));
        await recorder.FlushAsync(final: false);
        clock.Advance(TimeSpan.FromSeconds(5));

        await recorder.FlushAsync(final: true);

        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(await ReadAsync()).Listened);
    }

    [Fact]
    public async Task A_disabled_recorder_writes_nothing()
    {
        using var recorder = Recorder(ListeningOptions.Default with { Enabled = false });
        using var handle = new ListenerHandle("10.0.0.1", "mpv", TimeSpan.Zero, clock.GetUtcNow().UtcDateTime);
        recorder.Start(Listen.OfConnection("sid-3", "live", handle));
        recorder.HlsSegmentSent(new HlsDelivery("live", 1, clock.GetUtcNow().UtcDateTime, Segment, 1), "p", "10.0.0.2", "ua");

        await recorder.FlushAsync(final: true);

        Assert.Empty(await ReadAsync());
        Assert.Empty(sink.Events);
    }

    private ListeningRecorder Recorder(ListeningOptions options) => new(options, Store, [sink], "node-a", clock, NullLogger<ListeningRecorder>.Instance);

    private async Task<List<ListenRow>> ReadAsync()
    {
        var listens = new List<ListenRow>();
        await foreach (var listen in Store.ReadAsync(null, DateTime.MinValue, DateTime.MaxValue))
        {
            listens.Add(listen);
        }

        return listens;
    }

    private sealed class Sink : IListenEventSink
    {
        public List<ListenEvent> Events { get; } = [];

        public void Offer(IReadOnlyList<ListenEvent> events) => Events.AddRange(events);
    }
}
