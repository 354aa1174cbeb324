using Airwave.Streaming.Rewind;
using Xunit;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.Rewind;

public sealed class RewindCursorTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Cursor_reads_chunk_after_chunk_then_waits_for_more()
    {
        using var buffer = NewBuffer(TimeSpan.FromMinutes(1));
        AppendRun(buffer, 0, 3, TimeSpan.Zero, Second, 64);
        var cursor = buffer.OpenCursor(1);

        Assert.Equal(ChunkReadStatus.Available, cursor.TryReadNext(out var first, out _));
        Assert.Equal(ChunkReadStatus.Available, cursor.TryReadNext(out var second, out var payload));
        Assert.True(cursor.IsIntact(second));
        Assert.Equal(ChunkReadStatus.NotYetAvailable, cursor.TryReadNext(out _, out _));

        AppendRun(buffer, 3, 1, Second * 3, Second, 64);

        Assert.Equal(ChunkReadStatus.Available, cursor.TryReadNext(out var third, out _));
        Assert.Equal([1L, 2L, 3L], new[] { first.Seq, second.Seq, third.Seq });
        Assert.True(Matches(payload.Span, 2));
    }

    [Fact]
    public void Cursor_that_fell_out_of_the_buffer_is_told_so_and_can_jump_to_the_oldest_chunk()
    {
        using var buffer = NewBuffer(TimeSpan.FromSeconds(5));
        AppendRun(buffer, 0, 3, TimeSpan.Zero, Second, 64);
        var cursor = buffer.OpenCursor(0);
        cursor.TryReadNext(out _, out _);

        AppendRun(buffer, 3, 10, Second * 3, Second, 64);

        Assert.Equal(ChunkReadStatus.Evicted, cursor.TryReadNext(out _, out _));
        Assert.Equal(1, cursor.NextSeq);
        cursor.MoveTo(buffer.Snapshot().FirstSeq);
        Assert.Equal(ChunkReadStatus.Available, cursor.TryReadNext(out var header, out _));
        Assert.Equal(8, header.Seq);
    }

    [Fact]
    public void Cursor_skips_over_gaps_in_sequence_numbers()
    {
        using var buffer = NewBuffer(TimeSpan.FromMinutes(1));
        AppendRun(buffer, 0, 1, TimeSpan.Zero, Second, 64);
        AppendRun(buffer, 5, 1, Second, Second, 64);
        var cursor = buffer.OpenCursor(1);

        Assert.Equal(ChunkReadStatus.Available, cursor.TryReadNext(out var header, out _));
        Assert.Equal(5, header.Seq);
        Assert.Equal(6, cursor.NextSeq);
    }
}
