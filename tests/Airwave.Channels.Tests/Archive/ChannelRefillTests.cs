using Airwave.Channels.Tests.Journaling;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Rewind;
using Airwave.TestFixtures;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Airwave.Channels.Tests.Archive;

/// <summary>A channel actor restarted over an archive on each database refills its rewind buffer with what its dump lacks.</summary>
public abstract class ChannelRefillTests(ArchiveBackend backend)
{
    private static readonly DateTime Origin = TestChannels.Origin;

    [Fact]
    public async Task Channel_restarted_from_an_older_dump_refills_the_newer_part_segments_it_and_dumps_it_next()
    {
        var original = Mp3Chunks.NewChannel();
        var bytes = Mp3Chunks.Append(original, 0, 24, Origin);
        var archiver = backend.Archiver();
        archiver.OnSegmentClosed(original, Mp3Chunks.Segment(original, 0, 0, 11));
        archiver.OnSegmentClosed(original, Mp3Chunks.Segment(original, 1, 12, 23));
        await backend.WaitIndexedAsync(original.Id, 1);
        var dumps = Path.Combine(backend.Root, "dumps-" + Guid.NewGuid().ToString("N"));
        await Mp3Chunks.WriteDumpAsync(original, 0, 5, Path.Combine(dumps, original.Id + ".dump"));
        var system = ActorSystem.Create("refill-" + Guid.NewGuid().ToString("N")[..8], TestJournals.InMemory);
        try
        {
            var restarted = new LiveChannel(TestChannels.Settings(original.Id), new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromHours(1) }), TimeProvider.System);
            var sequence = new ChannelSequence(TestJournals.Start<SequenceReserved>(system, ChannelSequence.PersistenceIdOf(original.Id)));
            var segmenter = new HlsSegmenter(restarted, new SegmentSequence(TestJournals.Start<SegmentSequenceReserved>(system, SegmentSequence.PersistenceIdOf(original.Id))), new SegmentObservers(), NullLogger.Instance);
            var refill = new ArchiveRefill(backend.Archive, NullLogger<ArchiveRefill>.Instance);
            var clock = new ManualTimeProvider(Origin.AddMinutes(5));
            var actor = system.ActorOf(
                Props.Create(() => new ChannelActor(restarted, sequence, dumps, clock, NullLogger.Instance, segmenter, refill, ChannelLease.Standalone)), original.Id);

            var dumped = await actor.Ask<RewindDumped>(reply => new DumpRewind(reply), TimeSpan.FromSeconds(10), default);

            Assert.Equal(24, dumped.Chunks);
            Assert.Equal((0L, 23L), (restarted.Buffer.Snapshot().FirstSeq, restarted.Buffer.Snapshot().LastSeq));
            Assert.Equal(bytes, Mp3Chunks.ReadAll(restarted.Buffer, 0, 23));
            Assert.Equal(Media.AudioFormat.Mp3, restarted.Stream?.Format);

            // The dump's chunks and the refilled ones form one run of segments, numbered upwards.
            var segments = restarted.Segments.All();
            Assert.NotEmpty(segments);
            Assert.Equal(0, segments[0].FirstSeq);
            Assert.Contains(segments, s => s.LastSeq > 5);
            for (var i = 1; i < segments.Count; i++)
            {
                Assert.Equal(segments[i - 1].LastSeq + 1, segments[i].FirstSeq);
                Assert.True(segments[i].MediaSequence > segments[i - 1].MediaSequence);
            }
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Channel_restarted_without_a_dump_refills_its_buffer_from_the_archive()
    {
        var original = Mp3Chunks.NewChannel();
        Mp3Chunks.Append(original, 0, 12, Origin);
        backend.Archiver().OnSegmentClosed(original, Mp3Chunks.Segment(original, 0, 0, 11));
        await backend.WaitIndexedAsync(original.Id, 0);
        var system = ActorSystem.Create("refill-" + Guid.NewGuid().ToString("N")[..8], TestJournals.InMemory);
        try
        {
            var restarted = new LiveChannel(TestChannels.Settings(original.Id), new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromHours(1) }), TimeProvider.System);
            var sequence = new ChannelSequence(TestJournals.Start<SequenceReserved>(system, ChannelSequence.PersistenceIdOf(original.Id)));
            var refill = new ArchiveRefill(backend.Archive, NullLogger<ArchiveRefill>.Instance);
            var clock = new ManualTimeProvider(Origin.AddMinutes(5));
            var dumps = Path.Combine(backend.Root, "no-dumps-" + Guid.NewGuid().ToString("N"));
            system.ActorOf(
                Props.Create(() => new ChannelActor(restarted, sequence, dumps, clock, NullLogger.Instance, null, refill, ChannelLease.Standalone)), original.Id);

            await Eventually.AssertAsync(() => Assert.Equal(12, restarted.Buffer.Snapshot().Count), TimeSpan.FromSeconds(10));
            Assert.Equal((0L, 11L), (restarted.Buffer.Snapshot().FirstSeq, restarted.Buffer.Snapshot().LastSeq));
            Assert.Equal(original.Buffer.Snapshot().NewestEndTicks, restarted.Buffer.Snapshot().NewestEndTicks);
        }
        finally
        {
            await system.Terminate();
        }
    }
}

public sealed class SqliteChannelRefillTests(SqliteArchiveBackend backend) : ChannelRefillTests(backend), IClassFixture<SqliteArchiveBackend>;

public sealed class PostgreSqlChannelRefillTests(PostgreSqlArchiveBackend backend) : ChannelRefillTests(backend), IClassFixture<PostgreSqlArchiveBackend>;
