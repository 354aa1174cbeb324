using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using Xunit;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.Rewind;

public sealed class RewindBufferAppendTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Appended_chunk_reads_back_with_its_header_and_payload()
    {
        using var buffer = NewBuffer(TimeSpan.FromMinutes(1));
        var header = new ChunkHeader(7, Origin.Ticks, Second.Ticks, ChunkMarkers.Discontinuity | ChunkMarkers.MetadataChanged, 3, 100, AudioFormat.Aac);
        buffer.Append(header, Payload(7, 100));

        Assert.Equal(ChunkReadStatus.Available, buffer.TryRead(7, out var read, out var payload));
        Assert.Equal(header, read);
        Assert.True(Matches(payload.Span, 7));
    }

    [Fact]
    public void Chunks_older_than_max_duration_are_evicted_from_the_oldest_end()
    {
        using var buffer = NewBuffer(TimeSpan.FromSeconds(10));
        AppendRun(buffer, 0, 10, TimeSpan.Zero, Second, 100);
        Assert.Equal(10, buffer.Snapshot().Count);

        AppendRun(buffer, 10, 3, TimeSpan.FromSeconds(10), Second, 100);

        var extent = buffer.Snapshot();
        Assert.Equal(3, extent.FirstSeq);
        Assert.Equal(12, extent.LastSeq);
        Assert.Equal(TimeSpan.FromSeconds(10), extent.Duration);
        Assert.Equal(1000, extent.PayloadBytes);
        Assert.Equal(ChunkReadStatus.Evicted, buffer.TryRead(2, out _, out _));
    }

    [Fact]
    public void A_time_jump_larger_than_max_duration_evicts_everything_before_it()
    {
        using var buffer = NewBuffer(TimeSpan.FromSeconds(10));
        AppendRun(buffer, 0, 5, TimeSpan.Zero, Second, 100);

        AppendRun(buffer, 5, 1, TimeSpan.FromHours(1), Second, 100);

        var extent = buffer.Snapshot();
        Assert.Equal(1, extent.Count);
        Assert.Equal(5, extent.FirstSeq);
        Assert.Equal(ChunkReadStatus.Evicted, buffer.TryRead(4, out _, out _));
    }

    [Fact]
    public void Snapshot_of_an_empty_buffer_is_empty_with_no_last_seq()
    {
        using var buffer = NewBuffer(TimeSpan.FromSeconds(10));

        var extent = buffer.Snapshot();

        Assert.True(extent.IsEmpty);
        Assert.Equal(-1, extent.LastSeq);
        Assert.Equal(ChunkReadStatus.NotYetAvailable, buffer.TryRead(0, out _, out _));
    }

    [Fact]
    public void Sequence_numbers_must_increase()
    {
        using var buffer = NewBuffer(TimeSpan.FromSeconds(10));
        AppendRun(buffer, 5, 1, TimeSpan.Zero, Second, 10);

        Assert.Throws<ArgumentException>(() => buffer.Append(Header(5, TimeSpan.FromSeconds(1), Second, 10), new byte[10]));
        Assert.Throws<ArgumentException>(() => buffer.Append(Header(4, TimeSpan.FromSeconds(1), Second, 10), new byte[10]));
    }

    [Fact]
    public void Start_times_must_not_go_backwards()
    {
        using var buffer = NewBuffer(TimeSpan.FromSeconds(10));
        AppendRun(buffer, 0, 1, TimeSpan.FromSeconds(5), Second, 10);

        Assert.Throws<ArgumentException>(() => buffer.Append(Header(1, TimeSpan.FromSeconds(4), Second, 10), new byte[10]));
    }

    [Fact]
    public void Payload_length_must_match_the_header()
    {
        using var buffer = NewBuffer(TimeSpan.FromSeconds(10));

        Assert.Throws<ArgumentException>(() => buffer.Append(Header(0, TimeSpan.Zero, Second, 10), new byte[9]));
    }

    [Fact]
    public void Ring_grows_beyond_its_initial_capacity_keeping_order()
    {
        using var buffer = NewBuffer(TimeSpan.FromHours(1));
        AppendRun(buffer, 0, 100, TimeSpan.Zero, Second, 50);

        Assert.True(buffer.ChunkCapacity >= 100);
        for (var seq = 0; seq < 100; seq++)
        {
            Assert.Equal(ChunkReadStatus.Available, buffer.TryRead(seq, out var header, out var payload));
            Assert.Equal(seq, header.Seq);
            Assert.True(Matches(payload.Span, seq));
        }
    }

    [Fact]
    public void A_payload_larger_than_a_slab_is_kept_whole()
    {
        using var buffer = NewBuffer(TimeSpan.FromMinutes(1), slabSize: 4096);
        AppendRun(buffer, 0, 1, TimeSpan.Zero, Second, 100);
        AppendRun(buffer, 1, 1, Second, Second, 10_000);
        AppendRun(buffer, 2, 1, Second * 2, Second, 100);

        for (var seq = 0; seq < 3; seq++)
        {
            Assert.Equal(ChunkReadStatus.Available, buffer.TryRead(seq, out var header, out var payload));
            Assert.True(Matches(payload.Span, seq));
        }
    }

    [Fact]
    public void Zero_length_payloads_are_allowed()
    {
        using var buffer = NewBuffer(TimeSpan.FromMinutes(1));
        AppendRun(buffer, 0, 2, TimeSpan.Zero, Second, 0);

        Assert.Equal(ChunkReadStatus.Available, buffer.TryRead(1, out var header, out var payload));
        Assert.Equal(0, payload.Length);
        Assert.Equal(1, header.Seq);
    }

    [Fact]
    public void Appending_after_dispose_throws_and_reads_report_evicted()
    {
        var buffer = NewBuffer(TimeSpan.FromMinutes(1));
        AppendRun(buffer, 0, 2, TimeSpan.Zero, Second, 10);

        buffer.Dispose();

        Assert.Equal(ChunkReadStatus.Evicted, buffer.TryRead(1, out _, out _));
        Assert.False(buffer.IsPayloadIntact(1));
        Assert.Throws<ObjectDisposedException>(() => buffer.Append(Header(2, Second * 2, Second, 1), new byte[1]));
    }
}
