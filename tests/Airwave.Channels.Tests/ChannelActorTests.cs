using Airwave.Channels.Tests.Journaling;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Sources;
using Airwave.TestFixtures;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests;

public sealed class ChannelActorTests(ITestOutputHelper output) : TestKit(TestJournals.InMemory, output: output), IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private ChannelTestbed bed = null!;

    public async Task InitializeAsync() => bed = await ChannelTestbed.CreateAsync(this);

    async Task IAsyncLifetime.DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_second_source_is_refused_while_the_first_is_connected()
    {
        var channel = bed.Start(TestChannels.Settings());
        await bed.AttachAsync(channel);

        var second = new SourceDescriptor(Guid.NewGuid(), "other", AudioFormat.Mp3, "tests");
        var refused = await bed.ActorOf(channel).Ask<SourceAttachResult>(reply => new AttachSource(second, reply), AskTimeout, default);

        Assert.False(refused.Accepted);
        Assert.Equal("Mountpoint in use", refused.Reason);
        Assert.Equal(SourceState.Connected, channel.Source);
        Assert.NotEqual(second.Id, channel.SourceClient!.Id);
    }

    [Fact]
    public async Task Ingested_chunks_get_increasing_numbers_and_contiguous_times()
    {
        var channel = bed.Start(TestChannels.Settings());
        var source = await bed.AttachAsync(channel);

        for (var i = 0; i < 6; i++)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 1000, (byte)i)));
        }

        await bed.WaitForSeqAsync(channel, 5);
        var headers = Headers(channel);
        Assert.Equal([0L, 1, 2, 3, 4, 5], headers.Select(h => h.Seq));
        Assert.All(headers, h => Assert.Equal(TimeSpan.FromMilliseconds(500), h.Duration));
        for (var i = 1; i < headers.Count; i++)
        {
            Assert.Equal(headers[i - 1].EndTicks, headers[i].StartTicks);
        }

        Assert.True(headers[0].Markers.HasFlag(ChunkMarkers.Discontinuity));
        Assert.All(headers.Skip(1), h => Assert.False(h.Markers.HasFlag(ChunkMarkers.Discontinuity)));
        Assert.Equal(bed.Clock.GetUtcNow().UtcTicks, headers[0].EndTicks);
        Assert.Equal(128, channel.Stream!.BitrateKbps);
        Assert.Equal(6000, channel.Counters.BytesIn);
    }

    [Fact]
    public async Task Chunks_of_a_source_that_is_not_attached_are_ignored()
    {
        var channel = bed.Start(TestChannels.Settings());
        var source = await bed.AttachAsync(channel);

        bed.ActorOf(channel).Tell(new IngestChunk(Guid.NewGuid(), TestChannels.Assembled(24_000, 1000, 0xAA)));
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 1000, 0x01)));

        await bed.WaitForSeqAsync(channel, 0);
        await DumpAsync(channel);
        var only = Assert.Single(Headers(channel));
        Assert.Equal(1000, only.PayloadLength);
        channel.Buffer.TryRead(0, out _, out var payload);
        Assert.All(payload.ToArray(), b => Assert.Equal(0x01, b));
    }

    [Fact]
    public async Task Detaching_marks_the_source_lost_and_a_new_source_starts_with_a_discontinuity()
    {
        var channel = bed.Start(TestChannels.Settings());
        var first = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(first.Id, TestChannels.Assembled(24_000, 100, 1)));
        bed.ActorOf(channel).Tell(new IngestChunk(first.Id, TestChannels.Assembled(24_000, 100, 2)));
        bed.ActorOf(channel).Tell(new DetachSource(first.Id, "gone"));
        await DumpAsync(channel);

        Assert.Equal(SourceState.Lost, channel.Source);
        Assert.Null(channel.SourceClient);
        Assert.Equal(bed.Clock.GetUtcNow().UtcTicks, channel.SourceLostTicks);

        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(first.Id, TestChannels.Assembled(24_000, 100, 3)));
        bed.ActorOf(channel).Tell(new IngestChunk(second.Id, TestChannels.Assembled(24_000, 100, 4)));
        await bed.WaitForSeqAsync(channel, 2);

        var headers = Headers(channel);
        Assert.Equal(3, headers.Count);
        Assert.True(headers[2].Markers.HasFlag(ChunkMarkers.Discontinuity));
        Assert.True(headers[2].StartTicks >= headers[1].EndTicks);
    }

    [Fact]
    public async Task A_title_update_bumps_the_version_and_marks_the_next_chunk()
    {
        var channel = bed.Start(TestChannels.Settings());
        var source = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 100, 1)));

        bed.ActorOf(channel).Tell(new UpdateMetadata("Artist - Song", null));
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 100, 2)));
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 100, 3)));
        await bed.WaitForSeqAsync(channel, 2);

        var headers = Headers(channel);
        Assert.Equal(1, channel.NowPlaying.Version);
        Assert.Equal("Artist - Song", channel.NowPlaying.Title);
        Assert.Equal(0, headers[0].MetadataVersion);
        Assert.True(headers[1].Markers.HasFlag(ChunkMarkers.MetadataChanged));
        Assert.Equal(1, headers[1].MetadataVersion);
        Assert.False(headers[2].Markers.HasFlag(ChunkMarkers.MetadataChanged));
    }

    [Fact]
    public async Task A_source_on_another_channels_timeline_starts_at_its_origin_and_is_never_re_anchored()
    {
        var channel = bed.Start(TestChannels.Settings());
        // A transcoder catching up: its audio is ten seconds old, twice the drift that re-anchors a pushed source.
        var origin = bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(-10);
        var source = new SourceDescriptor(Guid.NewGuid(), "ffmpeg", AudioFormat.Aac, "tests");
        var accepted = await bed.ActorOf(channel).Ask<SourceAttachResult>(reply => new AttachSource(source, reply) { Origin = origin }, AskTimeout, default);
        Assert.True(accepted.Accepted);

        for (var i = 0; i < 4; i++)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 100, (byte)i)));
        }

        await bed.WaitForSeqAsync(channel, 3);
        var headers = Headers(channel);
        Assert.Equal(origin.Ticks, headers[0].StartTicks);
        for (var i = 1; i < headers.Count; i++)
        {
            Assert.Equal(headers[i - 1].EndTicks, headers[i].StartTicks);
        }
    }

    [Fact]
    public async Task A_title_at_a_moment_takes_effect_with_the_chunk_holding_that_moment()
    {
        var channel = bed.Start(TestChannels.Settings());
        var origin = bed.Clock.GetUtcNow().UtcDateTime;
        var source = new SourceDescriptor(Guid.NewGuid(), "ffmpeg", AudioFormat.Mp3, "tests");
        await bed.ActorOf(channel).Ask<SourceAttachResult>(reply => new AttachSource(source, reply) { Origin = origin }, AskTimeout, default);

        bed.ActorOf(channel).Tell(new UpdateMetadata("Later", null) { AtTicks = origin.AddSeconds(1.2).Ticks });
        for (var i = 0; i < 4; i++)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 100, (byte)i)));
        }

        await bed.WaitForSeqAsync(channel, 3);
        var headers = Headers(channel);
        Assert.Equal([0, 0, 1, 1], headers.Select(h => h.MetadataVersion));
        Assert.True(headers[2].Markers.HasFlag(ChunkMarkers.MetadataChanged));
        Assert.Equal("Later", channel.NowPlaying.Title);
    }

    [Fact]
    public async Task Every_chunk_carries_the_codec_of_the_source_that_sent_it()
    {
        var channel = bed.Start(TestChannels.Settings());
        var mp3 = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(mp3.Id, TestChannels.Assembled(24_000, 100, 1)));
        bed.ActorOf(channel).Tell(new DetachSource(mp3.Id, "show over"));
        var aac = await bed.AttachAsync(channel, new SourceDescriptor(Guid.NewGuid(), "aac show", AudioFormat.Aac, "tests"));
        bed.ActorOf(channel).Tell(new IngestChunk(aac.Id, TestChannels.Assembled(24_000, 100, 2, format: AudioFormat.Aac)));
        await bed.WaitForSeqAsync(channel, 1);

        Assert.Equal([AudioFormat.Mp3, AudioFormat.Aac], Headers(channel).Select(h => h.Format));
        Assert.Equal(AudioFormat.Mp3, channel.FormatAt(0));
        Assert.Equal(AudioFormat.Aac, channel.FormatAt(1));
        Assert.Equal(AudioFormat.Aac, channel.FormatAt(2));
        Assert.Equal(AudioFormat.Aac, channel.Stream!.Format);
    }

    [Fact]
    public async Task A_new_source_in_the_same_format_replaces_the_stream_description_of_the_previous_one()
    {
        var channel = bed.Start(TestChannels.Settings());
        var morning = await bed.AttachAsync(channel, new SourceDescriptor(Guid.NewGuid(), "studio a", AudioFormat.Mp3, "tests")
        {
            Name = "Morning Show",
            Genre = "Talk",
            Description = "Wake up",
            Url = "https://morning.example",
        });
        bed.ActorOf(channel).Tell(new IngestChunk(morning.Id, TestChannels.Assembled(24_000, 100, 1)));
        bed.ActorOf(channel).Tell(new DetachSource(morning.Id, "show over"));
        var jazz = await bed.AttachAsync(channel, new SourceDescriptor(Guid.NewGuid(), "studio b", AudioFormat.Mp3, "tests")
        {
            Name = "Jazz Hour",
            Genre = "Jazz",
        });
        bed.ActorOf(channel).Tell(new IngestChunk(jazz.Id, TestChannels.Assembled(24_000, 100, 2)));
        await bed.WaitForSeqAsync(channel, 1);

        var stream = channel.Stream!;
        Assert.Equal("Jazz Hour", stream.Name);
        Assert.Equal("Jazz", stream.Genre);
        Assert.Equal("", stream.Description);
        Assert.Equal("", stream.Url);
    }

    [Fact]
    public async Task A_title_ends_with_its_source_so_neither_the_fallback_nor_the_next_source_inherits_it()
    {
        var channel = bed.Start(TestChannels.Settings() with { FallbackMount = "/demo" });
        var first = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new UpdateMetadata("Morning Show - Interview", "https://morning.example"));
        bed.ActorOf(channel).Tell(new IngestChunk(first.Id, TestChannels.Assembled(24_000, 100, 1)));
        await bed.WaitForSeqAsync(channel, 0);
        Assert.Equal("Morning Show - Interview", channel.NowPlaying.Title);

        bed.ActorOf(channel).Tell(new DetachSource(first.Id, "show over"));
        await DumpAsync(channel);
        Assert.Equal("", channel.NowPlaying.Title);
        Assert.Null(channel.NowPlaying.Url);

        var second = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(second.Id, TestChannels.Assembled(24_000, 100, 2)));
        await bed.WaitForSeqAsync(channel, 1);

        Assert.Equal("", channel.NowPlaying.Title);
        var newest = Headers(channel)[^1];
        Assert.Equal(channel.NowPlaying.Version, newest.MetadataVersion);
    }

    [Fact]
    public async Task The_sweep_drops_listeners_more_than_queue_size_behind()
    {
        var channel = bed.Start(TestChannels.Settings());
        var source = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 1000, 1)));
        await bed.WaitForSeqAsync(channel, 0);
        var now = bed.Clock.GetUtcNow().UtcDateTime;

        // 512 KiB at 128 kbit/s is about 33 s of audio.
        using var behind = new ListenerHandle("10.0.0.1", "slow", TimeSpan.Zero, now - TimeSpan.FromSeconds(40));
        using var keepingUp = new ListenerHandle("10.0.0.2", "fast", TimeSpan.Zero, now - TimeSpan.FromSeconds(20));
        Assert.True(channel.Listeners.TryAdd(behind, 10));
        Assert.True(channel.Listeners.TryAdd(keepingUp, 10));

        bed.ActorOf(channel).Tell(SweepChannel.Instance);
        await DumpAsync(channel);

        Assert.NotNull(behind.DropReason);
        Assert.True(behind.IsEnded);
        Assert.Null(keepingUp.DropReason);
        Assert.Equal(1, channel.Counters.SlowListenersDropped);
    }

    [Fact]
    public async Task Without_a_fallback_waiting_listeners_are_dropped_once_the_source_wait_is_over()
    {
        var channel = bed.Start(TestChannels.Settings() with { SourceWait = TimeSpan.FromMinutes(1) });
        var source = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 1000, 1)));
        await bed.WaitForSeqAsync(channel, 0);
        var liveEdge = channel.Buffer.Snapshot().NewestEndTicks;
        using var waiting = new ListenerHandle("10.0.0.1", "live", TimeSpan.Zero, bed.Clock.GetUtcNow().UtcDateTime);
        using var shifted = new ListenerHandle("10.0.0.2", "shifted", TimeSpan.FromMinutes(1), bed.Clock.GetUtcNow().UtcDateTime);
        waiting.Delivered(liveEdge, 1000);
        shifted.Delivered(liveEdge - TimeSpan.FromMilliseconds(200).Ticks, 800);
        channel.Listeners.TryAdd(waiting, 10);
        channel.Listeners.TryAdd(shifted, 10);
        bed.ActorOf(channel).Tell(new DetachSource(source.Id, "gone"));
        await DumpAsync(channel);

        bed.Clock.Advance(TimeSpan.FromSeconds(59));
        bed.ActorOf(channel).Tell(SweepChannel.Instance);
        await DumpAsync(channel);
        Assert.Null(waiting.DropReason);

        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        bed.ActorOf(channel).Tell(SweepChannel.Instance);
        await DumpAsync(channel);
        Assert.Contains("source-wait", waiting.DropReason, StringComparison.Ordinal);
        Assert.Null(shifted.DropReason);
    }

    [Fact]
    public async Task With_a_fallback_waiting_listeners_stay()
    {
        var channel = bed.Start(TestChannels.Settings() with { SourceWait = TimeSpan.FromMinutes(1), FallbackMount = "/demo" });
        var source = await bed.AttachAsync(channel);
        using var waiting = new ListenerHandle("10.0.0.1", "live", TimeSpan.Zero, bed.Clock.GetUtcNow().UtcDateTime);
        channel.Listeners.TryAdd(waiting, 10);
        bed.ActorOf(channel).Tell(new DetachSource(source.Id, "gone"));
        await DumpAsync(channel);

        bed.Clock.Advance(TimeSpan.FromMinutes(10));
        bed.ActorOf(channel).Tell(SweepChannel.Instance);
        await DumpAsync(channel);

        Assert.Null(waiting.DropReason);
    }

    [Fact]
    public async Task A_dump_is_restored_by_the_next_actor_and_numbering_continues()
    {
        var settings = TestChannels.Settings();
        var channel = bed.Start(settings);
        var source = await bed.AttachAsync(channel);
        for (var i = 0; i < 4; i++)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 500, (byte)(i + 1))));
        }

        await bed.WaitForSeqAsync(channel, 3);
        var dumped = await DumpAsync(channel);
        Assert.Equal(4, dumped.Chunks);
        Assert.True(File.Exists(Path.Combine(bed.DumpDirectory, "live.dump")));
        Assert.False(File.Exists(Path.Combine(bed.DumpDirectory, "live.dump.tmp")));
        await bed.StopAsync(channel);

        var restarted = bed.Start(settings);
        var again = await bed.AttachAsync(restarted);
        bed.ActorOf(restarted).Tell(new IngestChunk(again.Id, TestChannels.Assembled(24_000, 500, 9)));
        await AwaitAssertAsync(() => Assert.Equal(5, restarted.Buffer.Snapshot().Count), AskTimeout);

        var headers = Headers(restarted);
        Assert.Equal([0L, 1, 2, 3], headers.Take(4).Select(h => h.Seq));
        Assert.True(headers[4].Seq > 3);
        restarted.Buffer.TryRead(2, out _, out var payload);
        Assert.All(payload.ToArray(), b => Assert.Equal(3, b));
    }

    [Theory]
    [InlineData(4L, 4)]
    [InlineData(5L, 0)]
    public async Task A_dump_is_restored_only_under_the_lease_epoch_it_was_written_under(long nextEpoch, int restored)
    {
        var settings = TestChannels.Settings();
        var channel = bed.Start(settings, epoch: 4);
        var source = await bed.AttachAsync(channel);
        for (var i = 0; i < 4; i++)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 500, (byte)(i + 1))));
        }

        await bed.WaitForSeqAsync(channel, 3);
        await bed.StopAsync(channel);

        var next = bed.Start(settings, nextEpoch);
        var again = await bed.AttachAsync(next);
        bed.ActorOf(next).Tell(new IngestChunk(again.Id, TestChannels.Assembled(24_000, 500, 9)));
        await AwaitAssertAsync(() => Assert.Equal(restored + 1, next.Buffer.Snapshot().Count), AskTimeout);
    }

    [Fact]
    public async Task A_channel_restored_from_its_dump_knows_its_format_before_a_source_returns()
    {
        var settings = TestChannels.Settings();
        var channel = bed.Start(settings);
        var source = await bed.AttachAsync(channel);
        var chunks = FixtureChunks("tone-64k-48000-stereo.aac", settings.ChunkDuration, 4);
        foreach (var chunk in chunks)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, chunk));
        }

        await bed.WaitForSeqAsync(channel, 3);
        await DumpAsync(channel);
        await bed.StopAsync(channel);

        var restarted = bed.Start(settings);
        await AwaitAssertAsync(() => Assert.NotNull(restarted.Stream), AskTimeout);

        Assert.Equal(AudioFormat.Aac, restarted.Stream!.Format);
        Assert.Equal(48_000, restarted.Stream.SampleRate);
        Assert.Equal(2, restarted.Stream.Channels);
        Assert.Equal(SourceState.Never, restarted.Source);
    }

    [Fact]
    public async Task Stopping_writes_the_final_dump_with_every_chunk_sent_before_the_stop_before_the_actor_terminates()
    {
        var channel = bed.Start(TestChannels.Settings());
        var source = await bed.AttachAsync(channel);
        for (var i = 0; i < 5; i++)
        {
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 500, (byte)(i + 1))));
        }

        var probe = CreateTestProbe();
        probe.Watch(bed.ActorOf(channel));
        bed.ActorOf(channel).Tell(StopChannel.Instance);
        await probe.ExpectTerminatedAsync(bed.ActorOf(channel), AskTimeout);

        var dumped = await ReadDumpAsync("live.dump");
        Assert.Equal([1, 2, 3, 4, 5], dumped);
        Assert.False(File.Exists(Path.Combine(bed.DumpDirectory, "live.dump.tmp")));
    }

    [Fact]
    public async Task A_chunk_that_arrives_after_StopChannel_goes_to_dead_letters_rather_than_into_the_buffer_after_the_final_dump()
    {
        var channel = bed.Start(TestChannels.Settings());
        var source = await bed.AttachAsync(channel);
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 500, 1)));
        bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 500, 2)));
        var probe = CreateTestProbe();
        probe.Watch(bed.ActorOf(channel));

        await EventFilter.DeadLetter<IngestChunk>().ExpectOneAsync(async () =>
        {
            bed.ActorOf(channel).Tell(StopChannel.Instance);
            bed.ActorOf(channel).Tell(new IngestChunk(source.Id, TestChannels.Assembled(24_000, 500, 3)));
            await probe.ExpectTerminatedAsync(bed.ActorOf(channel), AskTimeout);
        });

        Assert.Equal(2, channel.Buffer.Snapshot().Count);
        Assert.Equal([1, 2], await ReadDumpAsync("live.dump"));
    }

    /// <summary>The fill byte of every chunk in dump <paramref name="name"/>, restored into a buffer of its own.</summary>
    private async Task<List<byte>> ReadDumpAsync(string name)
    {
        using var restored = new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromHours(4), RecycleGuard = TimeSpan.Zero });
        await using (var file = File.OpenRead(Path.Combine(bed.DumpDirectory, name)))
        {
            var report = await RewindDumpRestorer.RestoreAsync(file, restored, bed.Clock.GetUtcNow().UtcDateTime);
            Assert.True(report.Complete, report.Problem);
        }

        var fills = new List<byte>();
        var held = restored.Snapshot();
        for (var seq = held.FirstSeq; !held.IsEmpty && seq <= held.LastSeq; seq++)
        {
            Assert.Equal(ChunkReadStatus.Available, restored.TryRead(seq, out _, out var payload));
            Assert.Equal(500, payload.Length);
            fills.Add(payload.Span[0]);
            Assert.True(payload.Span.IndexOfAnyExcept(payload.Span[0]) < 0, $"chunk {seq} is not one fill byte");
        }

        return fills;
    }

    private static List<AssembledChunk> FixtureChunks(string fixture, TimeSpan chunkDuration, int count)
    {
        var bytes = new System.Buffers.ReadOnlySequence<byte>(File.ReadAllBytes(SharedFixtures.Path(fixture)));
        var framer = new Media.Framing.AudioFramer();
        using var assembler = new ChunkAssembler(chunkDuration);
        var chunks = new List<AssembledChunk>();
        while (chunks.Count < count && framer.Read(ref bytes, isCompleted: true, out var frame) == Media.Framing.AudioFramerStatus.Frame)
        {
            if (assembler.Add(frame) is { } chunk)
            {
                chunks.Add(chunk);
            }
        }

        return chunks;
    }

    private Task<RewindDumped> DumpAsync(LiveChannel channel) =>
        bed.ActorOf(channel).Ask<RewindDumped>(reply => new DumpRewind(reply), AskTimeout, default);

    private static List<ChunkHeader> Headers(LiveChannel channel)
    {
        var held = channel.Buffer.Snapshot();
        var headers = new List<ChunkHeader>();
        var seq = held.FirstSeq;
        while (!held.IsEmpty && channel.Buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available)
        {
            headers.Add(header);
            seq = header.Seq + 1;
        }

        return headers;
    }
}
