using System.IO.Pipelines;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Rewind;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Airwave.Streaming.Tests.Archive;

/// <summary>The archive end to end on each database: segments to disk and index, retention, refill at start, clips across archive and buffer.</summary>
public abstract class ArchiveStoreTests(ArchiveBackend backend)
{
    private static readonly DateTime Origin = TestChannels.Origin;

    [Fact]
    public async Task Closed_segment_is_written_under_channel_date_and_hour_and_indexed()
    {
        var channel = Mp3Chunks.NewChannel();
        var bytes = Mp3Chunks.Append(channel, 0, 12, Origin);
        var segment = Mp3Chunks.Segment(channel, 7, 0, 11);

        backend.Archiver().OnSegmentClosed(channel, segment);

        var record = await backend.WaitIndexedAsync(channel.Id, 7);
        Assert.Equal($"{channel.Id}/2026/11/21/09/7.mp3", record.Path);
        Assert.Equal((0L, 11L, segment.StartTicks, segment.DurationTicks, (long)bytes.Length), (record.FirstSeq, record.LastSeq, record.StartTicks, record.DurationTicks, record.Bytes));
        Assert.True(record.Discontinuity);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(backend.Archive.Root, record.Path)));
        var window = await backend.Archive.QueryAsync(channel.Id, Origin.AddSeconds(3), Origin.AddSeconds(4));
        Assert.Equal([7L], window.Select(s => s.MediaSequence));
        Assert.Empty(await backend.Archive.QueryAsync(channel.Id, Origin.AddMinutes(1), Origin.AddMinutes(2)));
    }

    [Fact]
    public async Task A_segment_indexed_by_another_node_whose_file_is_not_here_reads_as_a_gap()
    {
        var channel = Mp3Chunks.NewChannel();
        await ArchiveSegmentAsync(channel, 0, 0, Origin);
        await ArchiveSegmentAsync(channel, 1, 12, Origin.AddSeconds(6));
        File.Delete(Path.Combine(backend.Archive.Root, (await backend.Archive.FindAsync(channel.Id, 0))!.Path));

        var window = await backend.Archive.QueryAsync(channel.Id, Origin, Origin.AddMinutes(1));

        Assert.Equal([1L], window.Select(s => s.MediaSequence));
    }

    [Fact]
    public async Task Pruning_by_age_deletes_old_segments_their_files_and_empty_directories()
    {
        var channel = Mp3Chunks.NewChannel();
        var now = Origin.AddDays(20);
        await ArchiveSegmentAsync(channel, 0, 0, Origin);
        await ArchiveSegmentAsync(channel, 1, 12, Origin.AddDays(10));
        await ArchiveSegmentAsync(channel, 2, 24, now.AddHours(-1));
        var old = Path.Combine(backend.Archive.Root, (await backend.Archive.FindAsync(channel.Id, 0))!.Path);

        var result = await backend.Archive.PruneAsync(channel.Id, now - TimeSpan.FromDays(14), maxBytes: 0);

        Assert.Equal((1, 0), (result.ExpiredSegments, result.OversizeSegments));
        Assert.Null(await backend.Archive.FindAsync(channel.Id, 0));
        Assert.NotNull(await backend.Archive.FindAsync(channel.Id, 1));
        Assert.False(File.Exists(old));
        Assert.False(Directory.Exists(Path.Combine(backend.Archive.Root, channel.Id, "2026", "11")));
        Assert.True(Directory.Exists(Path.Combine(backend.Archive.Root, channel.Id)));
    }

    [Fact]
    public async Task Pruning_by_size_deletes_the_oldest_until_the_archive_fits()
    {
        var channel = Mp3Chunks.NewChannel();
        for (var i = 0; i < 4; i++)
        {
            await ArchiveSegmentAsync(channel, i, i * 12, Origin.AddMinutes(i));
        }

        var size = (await backend.Archive.FindAsync(channel.Id, 0))!.Bytes;

        var result = await backend.Archive.PruneAsync(channel.Id, Origin.AddDays(-1), maxBytes: (size * 2) + 1);

        Assert.Equal((0, 2), (result.ExpiredSegments, result.OversizeSegments));
        var left = await backend.Archive.QueryAsync(channel.Id, Origin, Origin.AddHours(1));
        Assert.Equal([2L, 3L], left.Select(s => s.MediaSequence));
    }

    [Fact]
    public async Task Each_master_prunes_by_age_and_size_only_the_segments_on_its_own_disk()
    {
        // The channel moved from this master to another: both index into one database, each keeps its files on its own disk.
        var channel = Mp3Chunks.NewChannel();
        var now = Origin.AddDays(20);
        await using var other = new DiskArchive(Path.Combine(backend.Root, "other-master"), backend.Stores.ArchiveIndex, 64, NullLogger.Instance);
        await ArchiveSegmentAsync(backend.Archive, channel, 0, 0, Origin);
        await ArchiveSegmentAsync(backend.Archive, channel, 1, 12, Origin.AddMinutes(1));
        await ArchiveSegmentAsync(other, channel, 2, 24, Origin.AddMinutes(2));
        await ArchiveSegmentAsync(other, channel, 3, 36, now.AddMinutes(-1));
        var size = (await backend.Archive.FindAsync(channel.Id, 0))!.Bytes;

        var bySize = await backend.Archive.PruneAsync(channel.Id, Origin.AddDays(-1), maxBytes: (size * 2) + 1);
        var byAge = await backend.Archive.PruneAsync(channel.Id, now - TimeSpan.FromDays(14), maxBytes: 0);

        Assert.NotEqual(backend.Archive.StoreId, other.StoreId);
        Assert.Equal(other.StoreId, ArchiveStoreId.ReadOrCreate(other.Root));
        Assert.Equal((0, 0), (bySize.ExpiredSegments, bySize.OversizeSegments));
        Assert.Equal((2, 0), (byAge.ExpiredSegments, byAge.OversizeSegments));
        var left = await other.QueryAsync(channel.Id, Origin, now);
        Assert.Equal([2L, 3L], left.Select(s => s.MediaSequence));
        Assert.All(left, s => Assert.True(File.Exists(Path.Combine(other.Root, s.Path))));
        Assert.DoesNotContain(channel.Id, await backend.Archive.ChannelsAsync());
        Assert.Contains(channel.Id, await other.ChannelsAsync());
    }

    [Fact]
    public async Task Segments_indexed_before_stores_were_named_are_adopted_by_the_archive_holding_their_files()
    {
        var channel = Mp3Chunks.NewChannel();
        await ArchiveSegmentAsync(backend.Archive, channel, 0, 0, Origin);
        await ArchiveSegmentAsync(backend.Archive, channel, 1, 12, Origin.AddMinutes(1));

        // As an index of schema version 5 left them: no store named, and segment 1's file on another master's disk.
        var elsewhere = (await backend.Archive.FindAsync(channel.Id, 1))!;
        await backend.Stores.ArchiveIndex.AddAsync("", (await backend.Archive.FindAsync(channel.Id, 0))!);
        await backend.Stores.ArchiveIndex.AddAsync("", elsewhere);
        File.Delete(Path.Combine(backend.Archive.Root, elsewhere.Path));
        Assert.DoesNotContain(channel.Id, await backend.Archive.ChannelsAsync());

        var adopted = await backend.Archive.AdoptAsync();
        var pruned = await backend.Archive.PruneAsync(channel.Id, Origin.AddDays(1), maxBytes: 0);

        Assert.Equal(1, adopted);
        Assert.Equal(1, pruned.ExpiredSegments);
        Assert.Null(await backend.Archive.FindAsync(channel.Id, 0));
        Assert.NotNull(await backend.Archive.FindAsync(channel.Id, 1));
    }

    [Fact]
    public async Task Refill_rebuilds_the_chunks_with_their_sequence_numbers_times_and_bytes()
    {
        var original = Mp3Chunks.NewChannel();
        var bytes = Mp3Chunks.Append(original, 100, 24, Origin);
        var archiver = backend.Archiver();
        archiver.OnSegmentClosed(original, Mp3Chunks.Segment(original, 0, 100, 111));
        archiver.OnSegmentClosed(original, Mp3Chunks.Segment(original, 1, 112, 123));
        await backend.WaitIndexedAsync(original.Id, 1);
        var restarted = Mp3Chunks.NewChannel(original.Id);

        var appended = await new ArchiveRefill(backend.Archive, NullLogger<ArchiveRefill>.Instance).RefillAsync(restarted, Origin.AddMinutes(1));

        Assert.Equal(24, appended);
        for (var seq = 100L; seq < 124; seq++)
        {
            original.Buffer.TryRead(seq, out var was, out _);
            Assert.Equal(ChunkReadStatus.Available, restarted.Buffer.TryRead(seq, out var now, out _));
            Assert.Equal((was.Seq, was.PayloadLength), (now.Seq, now.PayloadLength));

            // Times are re-derived from the segment's start rather than the source's anchor: equal up to a tick of rounding.
            Assert.InRange(now.StartTicks - was.StartTicks, -1, 1);
            Assert.InRange(now.EndTicks - was.EndTicks, -1, 1);
        }

        Assert.Equal(bytes, Mp3Chunks.ReadAll(restarted.Buffer, 100, 123));
        Assert.Equal(Media.AudioFormat.Mp3, restarted.Stream?.Format);
    }

    [Fact]
    public async Task Refill_behind_a_restored_dump_appends_the_newer_archived_audio_without_a_gap_or_a_repeat()
    {
        // Chunks of uneven length, as sources deliver them: a re-cut of the straddled segment cannot line up with them.
        int[] uneven = [5, 40, 10, 30, 19, 3, 25, 19, 8, 33, 12, 19];
        var original = Mp3Chunks.NewChannel();
        var bytes = Mp3Chunks.Append(original, 100, 12, Origin);
        bytes = [.. bytes, .. Mp3Chunks.Append(original, 112, uneven, original.Buffer.Snapshot().NewestUtc, firstFrame: 12 * Mp3Chunks.FramesPerChunk)];
        bytes = [.. bytes, .. Mp3Chunks.Append(original, 124, 12, original.Buffer.Snapshot().NewestUtc, firstFrame: (12 * Mp3Chunks.FramesPerChunk) + uneven.Sum())];
        var archiver = backend.Archiver();
        archiver.OnSegmentClosed(original, Mp3Chunks.Segment(original, 0, 100, 111));
        archiver.OnSegmentClosed(original, Mp3Chunks.Segment(original, 1, 112, 123));
        archiver.OnSegmentClosed(original, Mp3Chunks.Segment(original, 2, 124, 135));
        await backend.WaitIndexedAsync(original.Id, 2);
        var restarted = Mp3Chunks.NewChannel(original.Id);
        CopyChunks(original, restarted, 100, 117);

        var appended = await new ArchiveRefill(backend.Archive, NullLogger<ArchiveRefill>.Instance).RefillAsync(restarted, Origin.AddMinutes(1));

        Assert.True(appended > 12, $"only {appended} chunks were refilled");
        var headers = Headers(restarted.Buffer);
        Assert.Equal((100L, 135L), (headers[0].Seq, headers[^1].Seq));
        Assert.Equal(headers.Count, headers.Select(h => h.Seq).Distinct().Count());
        for (var i = 1; i < headers.Count; i++)
        {
            Assert.InRange(headers[i].StartTicks - headers[i - 1].EndTicks, -1, 1);
        }

        var firstRefilled = headers.Single(h => h.Seq == 118);
        Assert.Equal(Streaming.Chunks.ChunkMarkers.None, firstRefilled.Markers);
        Assert.Equal(bytes, Mp3Chunks.ReadAll(restarted.Buffer, 100, 135));
        Assert.InRange(restarted.Buffer.Snapshot().NewestEndTicks - original.Buffer.Snapshot().NewestEndTicks, -1, 1);
    }

    [Fact]
    public async Task Refill_behind_a_dump_newer_than_the_archive_appends_nothing()
    {
        var original = Mp3Chunks.NewChannel();
        Mp3Chunks.Append(original, 0, 24, Origin);
        backend.Archiver().OnSegmentClosed(original, Mp3Chunks.Segment(original, 0, 0, 11));
        await backend.WaitIndexedAsync(original.Id, 0);
        var restarted = Mp3Chunks.NewChannel(original.Id);
        CopyChunks(original, restarted, 0, 23);

        var appended = await new ArchiveRefill(backend.Archive, NullLogger<ArchiveRefill>.Instance).RefillAsync(restarted, Origin.AddMinutes(1));

        Assert.Equal(0, appended);
        Assert.Equal(24, restarted.Buffer.Snapshot().Count);
    }

    [Fact]
    public async Task Clip_stitches_archive_and_buffer_at_frame_boundaries()
    {
        var channel = Mp3Chunks.NewChannel();
        Mp3Chunks.Append(channel, 0, 24, Origin);
        backend.Archiver().OnSegmentClosed(channel, Mp3Chunks.Segment(channel, 0, 0, 11));
        await backend.WaitIndexedAsync(channel.Id, 0);
        var frame = Mp3Chunks.FrameTicks;
        var from = Origin.AddTicks((40 * frame) + (frame / 3));
        var to = Origin.AddTicks((400 * frame) + (frame / 3));

        var plan = await new ClipPlanner(backend.Archive).PlanAsync(channel, from, to);

        Assert.NotNull(plan);
        Assert.Empty(plan.Gaps);
        Assert.NotNull(plan.Pieces[0].Segment);
        Assert.Null(plan.Pieces[^1].Segment);
        Assert.InRange(plan.StartUtc.Ticks - Origin.Ticks - Media.SampleDuration.ToTicks(40 * 1152, 44_100), -1, 1);
        Assert.InRange(plan.EndUtc.Ticks - Origin.Ticks - Media.SampleDuration.ToTicks(400 * 1152, 44_100), -1, 1);
        var expected = Mp3Chunks.FrameBytes(40, 360);
        Assert.Equal(expected.Length, plan.Length);
        Assert.Equal(expected, await WriteAsync(plan, channel, 0, plan.Length));
        Assert.Equal(expected.AsSpan(5000, 7000).ToArray(), await WriteAsync(plan, channel, 5000, 7000));
    }

    [Fact]
    public async Task Clip_reports_the_parts_of_the_window_the_archive_does_not_hold()
    {
        var channel = Mp3Chunks.NewChannel();
        Mp3Chunks.Append(channel, 0, 12, Origin);
        backend.Archiver().OnSegmentClosed(channel, Mp3Chunks.Segment(channel, 0, 0, 11));
        await backend.WaitIndexedAsync(channel.Id, 0);
        var detached = Mp3Chunks.NewChannel(channel.Id);

        var plan = await new ClipPlanner(backend.Archive).PlanAsync(detached, Origin.AddSeconds(-10), Origin.AddSeconds(20));

        Assert.NotNull(plan);
        Assert.Equal(2, plan.Gaps.Count);
        Assert.Equal(Origin.AddSeconds(-10), plan.Gaps[0].FromUtc);
        Assert.Equal(Origin, plan.Gaps[0].ToUtc);
        Assert.Equal(Origin.AddSeconds(20), plan.Gaps[1].ToUtc);
        Assert.Null(await new ClipPlanner(backend.Archive).PlanAsync(detached, Origin.AddHours(-2), Origin.AddHours(-1)));
    }

    private Task ArchiveSegmentAsync(LiveChannel channel, long mediaSequence, long firstSeq, DateTime start) =>
        ArchiveSegmentAsync(backend.Archive, channel, mediaSequence, firstSeq, start);

    private async Task ArchiveSegmentAsync(DiskArchive archive, LiveChannel channel, long mediaSequence, long firstSeq, DateTime start)
    {
        Mp3Chunks.Append(channel, firstSeq, 12, start);
        new SegmentArchiver(archive, _ => ArchiveSettings.Default, NullLogger<SegmentArchiver>.Instance)
            .OnSegmentClosed(channel, Mp3Chunks.Segment(channel, mediaSequence, firstSeq, firstSeq + 11));
        await backend.WaitIndexedAsync(channel.Id, mediaSequence);
    }

    private static List<Streaming.Chunks.ChunkHeader> Headers(RewindBuffer buffer)
    {
        var headers = new List<Streaming.Chunks.ChunkHeader>();
        var seq = buffer.Snapshot().FirstSeq;
        while (buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available)
        {
            headers.Add(header);
            seq = header.Seq + 1;
        }

        return headers;
    }

    /// <summary>Appends chunks <paramref name="first"/>..<paramref name="last"/> of <paramref name="from"/> to <paramref name="to"/>, as restoring a dump does.</summary>
    private static void CopyChunks(LiveChannel from, LiveChannel to, long first, long last)
    {
        for (var seq = first; seq <= last; seq++)
        {
            from.Buffer.TryRead(seq, out var header, out var payload);
            to.Buffer.Append(header, payload.Span);
        }
    }

    private async Task<byte[]> WriteAsync(ClipPlan plan, LiveChannel channel, long offset, long count)
    {
        using var output = new MemoryStream();
        var writer = PipeWriter.Create(output);
        await new ClipWriter(backend.Archive).WriteAsync(plan, channel.Buffer, writer, offset, count, CancellationToken.None);
        await writer.CompleteAsync();
        return output.ToArray();
    }
}

public sealed class SqliteArchiveStoreTests(SqliteArchiveBackend backend) : ArchiveStoreTests(backend), IClassFixture<SqliteArchiveBackend>;

public sealed class PostgreSqlArchiveStoreTests(PostgreSqlArchiveBackend backend) : ArchiveStoreTests(backend), IClassFixture<PostgreSqlArchiveBackend>;
