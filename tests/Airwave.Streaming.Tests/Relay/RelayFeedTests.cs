using System.IO.Pipelines;
using Airwave.Media;
using Airwave.Media.Icy;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Relay;
using Airwave.Streaming.Rewind;
using Xunit;

namespace Airwave.Streaming.Tests.Relay;

/// <summary>The owner's feed writer and a relay's reader, joined by a pipe: what the owner holds arrives once, in order, with its numbers, times, title and segments.</summary>
public sealed class RelayFeedTests
{
    private const int Length = 400;

    [Fact]
    public async Task A_new_relay_gets_the_backlog_the_title_the_segments_and_then_live_chunks()
    {
        using var owner = TestChannels.Detached();
        Mp3Chunks.SetMp3Stream(owner);
        owner.NowPlaying = owner.NowPlaying.Next("Morning show", null, IcyCharset.Utf8);
        TestChannels.AppendRun(owner, 0, 20, Length);
        owner.Segments.Add(new HlsSegment(owner.Id, 5, 1, 0, 11, TestChannels.Origin.Ticks, TestChannels.HalfSecond.Ticks * 12, 12 * Length, true, AudioFormat.Mp3));
        using var replica = Replica();

        await using var feed = Feed.Start(owner, replica, new FeedStart(null, TimeSpan.FromDays(365 * 10), null));
        await feed.UntilAsync(() => replica.Relay!.IsReady && replica.Buffer.Snapshot().LastSeq == 19);
        TestChannels.AppendRun(owner, 20, 4, Length, TestChannels.Origin + (TestChannels.HalfSecond * 20), AudioFormat.Aac);
        owner.Signal.Publish();
        await feed.UntilAsync(() => replica.Buffer.Snapshot().LastSeq == 23);

        AssertSameChunks(owner, replica, 0, 23);
        Assert.Equal(AudioFormat.Aac, replica.FormatAt(23));
        Assert.Equal("Morning show", replica.NowPlaying.Title);
        Assert.Equal(owner.NowPlaying.Version, replica.NowPlaying.Version);
        Assert.Equal(owner.Stream, replica.Stream);
        Assert.True(replica.Segments.TryGet(5, out var segment));
        Assert.Equal((0L, 11L, 1L, AudioFormat.Mp3), (segment.FirstSeq, segment.LastSeq, segment.DiscontinuitySequence, segment.Format));
    }

    [Fact]
    public async Task A_reconnecting_relay_gets_only_what_follows_its_newest_chunk_even_when_the_feed_starts_earlier()
    {
        using var owner = TestChannels.Detached();
        TestChannels.AppendRun(owner, 0, 30, Length);
        using var replica = Replica();
        TestChannels.AppendRun(replica, 0, 20, Length);

        await using var feed = Feed.Start(owner, replica, new FeedStart(9, TimeSpan.Zero, null));
        await feed.UntilAsync(() => replica.Buffer.Snapshot().LastSeq == 29);

        Assert.Equal(30, replica.Buffer.Snapshot().Count);
        AssertSameChunks(owner, replica, 0, 29);
    }

    [Fact]
    public async Task A_reconnecting_relay_gets_the_segment_it_is_in_the_middle_of_but_none_over_chunks_it_never_got_from_this_owner()
    {
        using var owner = TestChannels.Detached();
        TestChannels.AppendRun(owner, 0, 30, Length);
        owner.Segments.Add(new HlsSegment(owner.Id, 40, 0, 0, 11, TestChannels.Origin.Ticks, TestChannels.HalfSecond.Ticks * 12, 12 * Length, false, AudioFormat.Mp3));
        owner.Segments.Add(new HlsSegment(owner.Id, 41, 0, 12, 23, TestChannels.Origin.Ticks + (TestChannels.HalfSecond.Ticks * 12), TestChannels.HalfSecond.Ticks * 12, 12 * Length, false, AudioFormat.Mp3));
        using var replica = Replica();
        TestChannels.AppendRun(replica, 0, 20, Length);

        await using var feed = Feed.Start(owner, replica, new FeedStart(19, TimeSpan.Zero, 30));
        await feed.UntilAsync(() => replica.Segments.Count == 1 && replica.Buffer.Snapshot().LastSeq == 29);

        Assert.Equal(41, replica.Segments.Latest!.MediaSequence);
    }

    [Fact]
    public async Task Chunks_evicted_before_the_relay_asked_are_skipped_and_the_next_one_is_marked_discontinuous()
    {
        using var owner = TestChannels.Detached();
        TestChannels.AppendRun(owner, 100, 10, Length);
        using var replica = Replica();
        TestChannels.AppendRun(replica, 0, 50, Length, TestChannels.Origin - TimeSpan.FromMinutes(1));

        await using var feed = Feed.Start(owner, replica, new FeedStart(49, TimeSpan.Zero, null));
        await feed.UntilAsync(() => replica.Buffer.Snapshot().LastSeq == 109);

        replica.Buffer.TryRead(100, out var first, out _);
        Assert.Equal(100, first.Seq);
        Assert.True((first.Markers & ChunkMarkers.Discontinuity) != 0);
        replica.Buffer.TryRead(101, out var second, out _);
        Assert.Equal(ChunkMarkers.RandomAccess, second.Markers);
    }

    [Fact]
    public async Task A_new_owner_whose_clock_is_behind_never_moves_the_replica_backwards_in_time()
    {
        using var owner = TestChannels.Detached();
        TestChannels.AppendRun(owner, 40, 4, Length, TestChannels.Origin + TimeSpan.FromSeconds(8));
        using var replica = Replica();
        TestChannels.AppendRun(replica, 0, 20, Length);

        await using var feed = Feed.Start(owner, replica, new FeedStart(19, TimeSpan.Zero, null));
        await feed.UntilAsync(() => replica.Buffer.Snapshot().LastSeq == 43);

        replica.Buffer.TryRead(40, out var moved, out _);
        Assert.Equal((TestChannels.Origin + TimeSpan.FromSeconds(10)).Ticks, moved.StartTicks);
    }

    private static LiveChannel Replica() =>
        new(TestChannels.Settings(), new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromHours(1), RecycleGuard = TimeSpan.Zero }), TimeProvider.System)
        {
            Relay = new RelayState(),
        };

    private static void AssertSameChunks(LiveChannel owner, LiveChannel replica, long first, long last)
    {
        for (var seq = first; seq <= last; seq++)
        {
            Assert.Equal(ChunkReadStatus.Available, owner.Buffer.TryRead(seq, out var expected, out var expectedPayload));
            Assert.Equal(ChunkReadStatus.Available, replica.Buffer.TryRead(seq, out var actual, out var actualPayload));
            Assert.Equal(expected, actual);
            Assert.True(expectedPayload.Span.SequenceEqual(actualPayload.Span), $"payload of chunk {seq}");
        }
    }

    /// <summary>A writer for the owner and a reader for the replica on the two ends of one pipe.</summary>
    private sealed class Feed : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
        private readonly CancellationTokenSource stop = new();
        private readonly Pipe pipe = new();
        private Task writing = Task.CompletedTask;
        private Task<RelayFeedEnd> reading = Task.FromResult(new RelayFeedEnd("", 0));

        public static Feed Start(LiveChannel owner, LiveChannel replica, FeedStart start)
        {
            var feed = new Feed();
            var writer = new ChannelFeedWriter(owner, feed.pipe.Writer, () => true);
            feed.writing = Task.Run(async () =>
            {
                try
                {
                    await writer.RunAsync(start, TestChannels.Origin + TimeSpan.FromHours(1), feed.stop.Token);
                }
                catch (OperationCanceledException)
                {
                }

                await feed.pipe.Writer.CompleteAsync();
            });
            feed.reading = Task.Run(() => new RelayFeed(replica, new HttpClient(), "").ReadAsync(feed.pipe.Reader, CancellationToken.None));
            return feed;
        }

        public async Task UntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "the relay did not get there");
                Assert.False(reading.IsCompleted, "the relay stopped reading: " + (reading.IsCompletedSuccessfully ? reading.Result.Reason : reading.Exception?.ToString()));
                await Task.Delay(10);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await writing;
            var end = await reading;
            Assert.Equal("owner closed the feed", end.Reason);
            stop.Dispose();
        }
    }
}
