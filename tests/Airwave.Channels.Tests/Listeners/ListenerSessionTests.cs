using System.IO.Pipelines;
using Airwave.Channels.Tests.Journaling;
using Airwave.Media;
using Airwave.Media.Icy;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Rewind;
using Airwave.TestFixtures;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests.Listeners;

public sealed class ListenerSessionTests(ITestOutputHelper output) : TestKit(TestJournals.InMemory, output: output)
{
    [Fact]
    public async Task A_live_listener_gets_the_burst_then_every_new_chunk_in_order()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 10, 1000);
        await using var run = SessionRun.Start(channel, PlaybackStart.Live(channel, 2500));

        Assert.Equal(TestChannels.Expected(7, 3, 1000), await run.Output.ReadExactlyAsync(3000));

        for (var seq = 10; seq < 15; seq++)
        {
            TestChannels.AppendRun(channel, seq, 1, 1000, TestChannels.Origin + (TestChannels.HalfSecond * seq));
            channel.Signal.Publish();
        }

        Assert.Equal(TestChannels.Expected(10, 5, 1000), await run.Output.ReadExactlyAsync(5000));
        await Eventually.AssertAsync(
            () =>
            {
                Assert.Equal(8000, run.Session.AudioBytes);
                Assert.Equal(8000, run.Handle.BytesSent);
                Assert.Equal(channel.Buffer.Snapshot().NewestEndTicks, run.Handle.DeliveredUpToTicks);
            },
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_caught_up_live_listener_whose_player_stops_reading_gets_every_chunk_in_order_once_it_reads_again()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 10, 1000);
        await using var run = SessionRun.Start(channel, PlaybackStart.Live(channel, 2500), pauseWriterThreshold: 4000);
        Assert.Equal(TestChannels.Expected(7, 3, 1000), await run.Output.ReadExactlyAsync(3000));

        // Caught up, it waits on the channel's fan-out, which sends it the next chunks until its pipe is full.
        await Eventually.AssertAsync(() => Assert.Equal(1, channel.Signal.Fanout.Count), TimeSpan.FromSeconds(10));
        for (var seq = 10; seq < 30; seq++)
        {
            TestChannels.AppendRun(channel, seq, 1, 1000, TestChannels.Origin + (TestChannels.HalfSecond * seq));
            channel.Signal.Publish();
        }

        Assert.Equal(TestChannels.Expected(10, 20, 1000), await run.Output.ReadExactlyAsync(20_000));
        await Eventually.AssertAsync(
            () =>
            {
                Assert.Equal(23_000, run.Handle.BytesSent);
                Assert.Equal(channel.Buffer.Snapshot().NewestEndTicks, run.Handle.DeliveredUpToTicks);
                Assert.Equal(29, run.Handle.Playhead.Seq);
            },
            TimeSpan.FromSeconds(10));

        TestChannels.AppendRun(channel, 30, 1, 1000, TestChannels.Origin + (TestChannels.HalfSecond * 30));
        channel.Signal.Publish();
        Assert.Equal(TestChannels.Payload(30, 1000), await run.Output.ReadExactlyAsync(1000));
    }

    [Fact]
    public async Task Chunks_after_a_gap_in_sequence_numbers_are_sent_once()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 3, 100);
        TestChannels.AppendRun(channel, 50, 3, 100, TestChannels.Origin + TimeSpan.FromSeconds(5));
        await using var run = SessionRun.Start(channel, new PlaybackStart(0, false, TestChannels.Origin) { Format = AudioFormat.Mp3 });

        var heard = await run.Output.ReadExactlyAsync(600);
        TestChannels.AppendRun(channel, 53, 1, 100, TestChannels.Origin + TimeSpan.FromSeconds(10));
        channel.Signal.Publish();
        var next = await run.Output.ReadExactlyAsync(100);

        Assert.Equal(TestChannels.Expected(0, 3, 100).Concat(TestChannels.Expected(50, 3, 100)), heard);
        Assert.Equal(TestChannels.Payload(53, 100), next);
    }

    [Fact]
    public async Task Dropping_the_handle_ends_the_session()
    {
        using var channel = TestChannels.Detached();
        await using var run = SessionRun.Start(channel, PlaybackStart.Live(channel, 0));

        run.Handle.Drop("too slow");

        await run.Running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_session_sends_nothing_until_its_stream_is_open_and_closes_it_once_when_it_ends()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 10, 1000);
        await using var run = SessionRun.Start(channel, PlaybackStart.Live(channel, 2500), lifecycle: new RecordingLifecycle().Hold());

        // Held open, it has not started: nothing written, not attached to its handle (a drop would wake no one), not parked.
        await Task.Delay(200);
        Assert.Empty(run.Output.ReadAvailable());
        Assert.Equal(0, channel.Signal.Fanout.Count);

        run.Lifecycle.Open.SetResult();
        Assert.Equal(TestChannels.Expected(7, 3, 1000), await run.Output.ReadExactlyAsync(3000));
        Assert.Equal(0, run.Lifecycle.Closed);

        run.Handle.Drop("too slow");
        await run.Running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, run.Lifecycle.Closed);
    }

    [Fact]
    public async Task A_stream_that_fails_to_open_sends_nothing_and_is_still_closed()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 10, 1000);
        var run = SessionRun.Start(channel, PlaybackStart.Live(channel, 2500), lifecycle: new RecordingLifecycle().Hold());

        run.Lifecycle.Open.SetException(new IOException("the listener went away during the response head"));

        await Assert.ThrowsAsync<IOException>(() => run.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, run.Lifecycle.Closed);
        Assert.Equal(0, run.Session.AudioBytes);
        Assert.Empty(run.Output.ReadAvailable());

        // Disposing waits for the run, whose failure is the one asserted above.
        await Assert.ThrowsAsync<IOException>(async () => await run.DisposeAsync());
    }

    [Fact]
    public async Task A_live_listener_of_an_empty_channel_that_then_receives_its_history_at_once_starts_at_the_live_edge_with_the_burst()
    {
        using var channel = TestChannels.Detached(TestChannels.Settings() with { BurstSize = 2500 });
        var start = PlaybackStart.Live(channel, channel.Settings.BurstSize) with { Format = AudioFormat.Mp3 };
        Assert.True(start.AwaitsLiveEdge);
        await using var run = SessionRun.Start(channel, start);
        await Eventually.AssertAsync(() => Assert.Equal(1, channel.Signal.Fanout.Count), TimeSpan.FromSeconds(10));

        // What a relay replica gets when it catches up with its owner: minutes of history in one read.
        TestChannels.AppendRun(channel, 0, 200, 1000);
        channel.Signal.Publish();
        Assert.Equal(TestChannels.Expected(197, 3, 1000), await run.Output.ReadExactlyAsync(3000));

        TestChannels.AppendRun(channel, 200, 1, 1000, TestChannels.Origin + (TestChannels.HalfSecond * 200));
        channel.Signal.Publish();
        Assert.Equal(TestChannels.Payload(200, 1000), await run.Output.ReadExactlyAsync(1000));
        await Eventually.AssertAsync(() => Assert.Equal(channel.Buffer.Snapshot().NewestEndTicks, run.Handle.DeliveredUpToTicks), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_listener_whose_start_was_evicted_continues_at_the_oldest_chunk()
    {
        var buffer = new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromSeconds(2), RecycleGuard = TimeSpan.Zero });
        using var small = new LiveChannel(TestChannels.Settings(), buffer, TimeProvider.System);
        TestChannels.AppendRun(small, 0, 10, 100);

        await using var run = SessionRun.Start(small, new PlaybackStart(1, false, TestChannels.Origin) { Format = AudioFormat.Mp3 });

        Assert.Equal(TestChannels.Expected(6, 4, 100), await run.Output.ReadExactlyAsync(400));
    }

    [Fact]
    public async Task A_time_shifted_listener_gets_the_burst_then_once_a_send_interval_what_falls_due_before_the_next()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin + TimeSpan.FromMinutes(1));
        using var channel = TestChannels.Detached(clock: clock);
        TestChannels.AppendRun(channel, 0, 40, 1000);
        await using var run = SessionRun.Start(channel, new PlaybackStart(0, true, TestChannels.Origin) { Format = AudioFormat.Mp3 }, clock);

        // Bitrate unknown: the burst is 4 s. With what falls due before the paced fan-out's next pass (the send interval,
        // 1 s, later), chunks 0..10 (media up to 5.5 s) go at once; then the session parks and the fan-out's timer runs.
        await clock.WaitForTimerAsync();
        await Eventually.AssertAsync(() => Assert.Equal(11_000, run.Session.AudioBytes), TimeSpan.FromSeconds(10));
        Assert.Equal(TestChannels.Expected(0, 11, 1000), run.Output.ReadAvailable());

        // A pass per send interval, each sending the two chunks that fell due in one write: never behind the pace.
        for (var pass = 1; pass <= 3; pass++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var expected = 11_000 + (pass * 2_000);
            await Eventually.AssertAsync(() => Assert.Equal(expected, run.Session.AudioBytes), TimeSpan.FromSeconds(10));
        }

        Assert.Equal(TestChannels.Expected(11, 6, 1000), run.Output.ReadAvailable());

        // Nothing between two passes.
        clock.Advance(TestChannels.HalfSecond);
        await Task.Delay(100);
        Assert.Equal(17_000, run.Session.AudioBytes);
        Assert.Equal(1, channel.Signal.PacedFanout.Count);
    }

    [Fact]
    public async Task Icy_listeners_get_a_metadata_block_every_metaint_bytes_with_the_title_only_when_it_changed()
    {
        await using var bed = await ChannelTestbed.CreateAsync(this);
        var channel = bed.Start(Unpaced());
        var source = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new UpdateMetadata("First", null));
        for (var i = 0; i < 3; i++)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 1500, (byte)(i + 1))));
        }

        await bed.WaitForSeqAsync(channel, 2);
        await using var run = SessionRun.Start(channel, new PlaybackStart(0, false, TestChannels.Origin) { Format = AudioFormat.Mp3 }, metaInt: 1000);

        var first = IcyMetadataEncoder.Encode("First");
        var expected = new List<byte>();
        expected.AddRange(Audio(1, 1000));
        expected.AddRange(first);
        expected.AddRange(Audio(1, 500).Concat(Audio(2, 500)));
        expected.Add(0);
        expected.AddRange(Audio(2, 1000));
        expected.Add(0);
        expected.AddRange(Audio(3, 1000));
        expected.Add(0);
        expected.AddRange(Audio(3, 500));
        Assert.Equal(expected, await run.Output.ReadExactlyAsync(expected.Count));

        bed.ActorOf(channel).Tell(new UpdateMetadata("Second", null));
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 1500, 4)));

        var second = IcyMetadataEncoder.Encode("Second");
        var after = Audio(4, 500).Concat(second).Concat(Audio(4, 1000)).Append((byte)0).ToArray();
        Assert.Equal(after, await run.Output.ReadExactlyAsync(after.Length));
        await Eventually.AssertAsync(
            () =>
            {
                Assert.Equal(6000, run.Session.AudioBytes);
                Assert.Equal(6000 + first.Length + second.Length + 4, run.Handle.BytesSent);
            },
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Listeners_move_to_the_fallback_while_the_source_is_lost_and_come_back_when_it_returns()
    {
        await using var bed = await ChannelTestbed.CreateAsync(this);
        var home = bed.Start(Unpaced("live") with { FallbackMount = "/demo" });
        var demo = bed.Start(Unpaced("demo"));
        var homeSource = await bed.AttachAsync(home);
        var demoSource = await bed.AttachAsync(demo);
        bed.ActorOf(home).Tell(new IngestChunk(homeSource.Id, TestChannels.Assembled(24_000, 100, 0x11)));
        await bed.WaitForSeqAsync(home, 0);
        await using var run = SessionRun.Start(home, PlaybackStart.Live(home, 1), findChannel: mount => mount == "/demo" ? demo : null);
        Assert.All(await run.Output.ReadExactlyAsync(100), b => Assert.Equal(0x11, b));

        bed.ActorOf(home).Tell(new DetachSource(homeSource.Id, "gone"));
        using var feeding = new CancellationTokenSource();
        var feeder = FeedAsync(bed.ActorOf(demo), demoSource.Id, 0x22, feeding.Token);
        Assert.All(await run.Output.ReadExactlyAsync(100), b => Assert.Equal(0x22, b));
        await feeding.CancelAsync();
        await feeder;

        var back = await bed.AttachAsync(home);
        for (var i = 0; i < 3; i++)
        {
            bed.ActorOf(home).Tell(new IngestChunk(back.Id, TestChannels.Assembled(24_000, 100, 0x33)));
        }

        var heard = new List<byte>();
        while (heard.Count(b => b == 0x33) < 300)
        {
            heard.AddRange(await run.Output.ReadExactlyAsync(100));
        }

        var firstHome = heard.IndexOf(0x33);
        Assert.All(heard.Take(firstHome), b => Assert.Equal(0x22, b));
        Assert.All(heard.Skip(firstHome), b => Assert.Equal(0x33, b));
    }

    [Fact]
    public async Task A_listener_stops_where_the_codec_changes_with_its_playhead_on_the_last_chunk_it_could_decode()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 3, 100);
        TestChannels.AppendRun(channel, 3, 2, 100, TestChannels.Origin + (TestChannels.HalfSecond * 3), AudioFormat.Aac);
        await using var run = SessionRun.Start(channel, new PlaybackStart(0, false, TestChannels.Origin) { Format = AudioFormat.Mp3 });

        Assert.Equal(TestChannels.Expected(0, 3, 100), await run.Output.ReadExactlyAsync(300));
        await run.Running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(300, run.Session.AudioBytes);
        Assert.Contains("codec", run.Handle.StopReason, StringComparison.Ordinal);
        Assert.Equal(2, run.Handle.Playhead.Seq);
    }

    [Fact]
    public async Task A_listener_that_follows_the_fallback_stops_where_the_fallback_is_in_another_codec()
    {
        using var home = TestChannels.Detached(TestChannels.Settings("live") with { FallbackMount = "/demo" });
        using var demo = TestChannels.Detached(TestChannels.Settings("demo"));
        TestChannels.AppendRun(home, 0, 2, 100);
        TestChannels.AppendRun(demo, 0, 2, 100, format: AudioFormat.Aac);
        await using var run = SessionRun.Start(home, new PlaybackStart(0, false, TestChannels.Origin) { Format = AudioFormat.Mp3 }, findChannel: mount => mount == "/demo" ? demo : null);

        Assert.Equal(TestChannels.Expected(0, 2, 100), await run.Output.ReadExactlyAsync(200));
        for (var seq = 2; !run.Running.IsCompleted && seq < 200; seq++)
        {
            TestChannels.AppendRun(demo, seq, 1, 100, TestChannels.Origin + (TestChannels.HalfSecond * seq), AudioFormat.Aac);
            demo.Signal.Publish();
            await Task.WhenAny(run.Running, Task.Delay(50));
        }

        await run.Running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, run.Session.AudioBytes);
        Assert.Contains("codec", run.Handle.StopReason, StringComparison.Ordinal);
        Assert.Equal(1, run.Handle.Playhead.Seq);
    }

    [Fact]
    public async Task A_moved_listener_continues_on_the_same_output_with_the_destinations_next_chunk_and_belongs_to_the_destination()
    {
        using var home = TestChannels.Detached(TestChannels.Settings("live"));
        using var other = TestChannels.Detached(TestChannels.Settings("other"));
        TestChannels.AppendRun(home, 0, 2, 100);
        TestChannels.AppendRun(other, 40, 5, 100);
        await using var run = SessionRun.Start(home, new PlaybackStart(0, false, TestChannels.Origin) { Format = AudioFormat.Mp3 }, findChannel: mount => mount == "/other" ? other : null);
        Assert.True(home.Listeners.TryAdd(run.Handle, 10));
        Assert.Equal(TestChannels.Expected(0, 2, 100), await run.Output.ReadExactlyAsync(200));

        run.Handle.RequestMove("/other");
        home.Signal.Publish();
        await Eventually.AssertAsync(() => Assert.Equal(1, other.Listeners.Count), TimeSpan.FromSeconds(10));
        TestChannels.AppendRun(other, 45, 1, 100, TestChannels.Origin + (TestChannels.HalfSecond * 45));
        other.Signal.Publish();

        Assert.Equal(TestChannels.Payload(45, 100), await run.Output.ReadExactlyAsync(100));
        Assert.Equal(0, home.Listeners.Count);
        Assert.Same(other, run.Session.Home);
        Assert.Equal("other", run.Handle.MovedToChannel);
        await Eventually.AssertAsync(() => Assert.Equal(45, run.Handle.Playhead.Seq), TimeSpan.FromSeconds(10));
        Assert.False(run.Running.IsCompleted);
    }

    private static byte[] Audio(byte fill, int length) => Enumerable.Repeat(fill, length).ToArray();

    private static async Task FeedAsync(IActorRef channel, Guid source, byte fill, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            channel.Tell(new IngestChunk(source, TestChannels.Assembled(24_000, 100, fill)));
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>A session writing into a pipe on a background task; disposing ends it.</summary>
    private sealed class SessionRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Pipe pipe;

        private SessionRun(
            LiveChannel channel, PlaybackStart start, TimeProvider clock, int metaInt, Func<string, LiveChannel?>? findChannel, int pauseWriterThreshold, RecordingLifecycle lifecycle)
        {
            Lifecycle = lifecycle;
            pipe = new Pipe(new PipeOptions(pauseWriterThreshold: pauseWriterThreshold, resumeWriterThreshold: pauseWriterThreshold / 2));
            Handle = new ListenerHandle("10.0.0.1", "tests", TimeSpan.Zero, clock.GetUtcNow().UtcDateTime);
            Session = new ListenerSession(channel, findChannel ?? (_ => null), Handle, metaInt, clock);
            Running = Task.Run(async () =>
            {
                using var ending = Handle.EndWith(stop.Token);
                await Session.RunAsync(new PipeAudioSink(pipe.Writer), start, lifecycle);
            });
        }

        public ListenerHandle Handle { get; }

        public RecordingLifecycle Lifecycle { get; }

        public ListenerSession Session { get; }

        public Task Running { get; }

        public PipeReader Output => pipe.Reader;

        /// <summary>Runs a session of <paramref name="channel"/> from <paramref name="start"/>; a <paramref name="pauseWriterThreshold"/> of 0 never makes its flush wait for the reader.</summary>
        public static SessionRun Start(
            LiveChannel channel,
            PlaybackStart start,
            TimeProvider? clock = null,
            int metaInt = 0,
            Func<string, LiveChannel?>? findChannel = null,
            int pauseWriterThreshold = 0,
            RecordingLifecycle? lifecycle = null) =>
            new(channel, start, clock ?? TimeProvider.System, metaInt, findChannel, pauseWriterThreshold, lifecycle ?? new RecordingLifecycle());

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Running.WaitAsync(TimeSpan.FromSeconds(10));
            stop.Dispose();
            Handle.Dispose();
        }
    }

    /// <summary>Settings for the testbed's channels, whose clock stands still: chunks go out as they arrive, not when a send interval ends.</summary>
    private static ChannelSettings Unpaced(string name = "live") => TestChannels.Settings(name) with { SendInterval = TimeSpan.Zero };
}
