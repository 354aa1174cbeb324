using Airwave.Streaming.Rewind;
using Xunit;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.Rewind;

public sealed class SlabRecyclingTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static RewindBuffer NewBuffer(SlabPool pool, TimeSpan guard) =>
        new(new RewindBufferOptions { MaxDuration = TimeSpan.FromSeconds(10), RecycleGuard = guard, SlabPool = pool });

    [Fact]
    public void Payloads_are_packed_into_slabs_not_one_array_each()
    {
        var pool = new SlabPool(4096, 16);
        using var buffer = NewBuffer(pool, TimeSpan.Zero);

        AppendRun(buffer, 0, 10, TimeSpan.Zero, Second, 400);

        Assert.Equal(4096, buffer.ReservedBytes);
        buffer.TryRead(0, out _, out var first);
        buffer.TryRead(9, out _, out var last);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out var a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(last, out var b));
        Assert.Same(a.Array, b.Array);
    }

    [Fact]
    public void In_steady_state_slabs_are_reused_and_reserved_memory_stays_flat()
    {
        var pool = new SlabPool(4096, 16);
        using var buffer = NewBuffer(pool, TimeSpan.FromSeconds(2));
        AppendRun(buffer, 0, 100, TimeSpan.Zero, Second, 1000);
        var reserved = buffer.ReservedBytes;

        AppendRun(buffer, 100, 1000, TimeSpan.FromSeconds(100), Second, 1000);

        Assert.Equal(reserved, buffer.ReservedBytes);
        Assert.True(reserved <= 5 * 4096, $"reserved {reserved}");
    }

    [Fact]
    public void Evicted_slabs_wait_for_the_guard_before_going_back_to_the_pool()
    {
        var pool = new SlabPool(4096, 16);
        using var buffer = NewBuffer(pool, TimeSpan.FromSeconds(5));
        // 4 chunks of 1000 B fill the first slab (seq 0-3); the next slab starts at seq 4.
        AppendRun(buffer, 0, 14, TimeSpan.Zero, Second, 1000);
        Assert.Equal(ChunkReadStatus.Evicted, buffer.TryRead(3, out _, out _));
        Assert.Equal(0, pool.FreeCount);
        Assert.True(buffer.IsPayloadIntact(0));

        AppendRun(buffer, 14, 5, TimeSpan.FromSeconds(14), Second, 1000);

        Assert.False(buffer.IsPayloadIntact(3));
        Assert.True(buffer.IsPayloadIntact(4));
    }

    [Fact]
    public void A_payload_taken_before_eviction_stays_intact_through_the_guard()
    {
        var pool = new SlabPool(4096, 16);
        using var buffer = NewBuffer(pool, TimeSpan.FromSeconds(30));
        AppendRun(buffer, 0, 10, TimeSpan.Zero, Second, 1000);
        buffer.TryRead(0, out var header, out var payload);

        AppendRun(buffer, 10, 30, TimeSpan.FromSeconds(10), Second, 1000);

        Assert.Equal(ChunkReadStatus.Evicted, buffer.TryRead(0, out _, out _));
        Assert.True(buffer.IsPayloadIntact(header.Seq));
        Assert.True(Matches(payload.Span, 0));
    }

    [Fact]
    public void A_reader_whose_slab_was_reused_is_told_its_copy_is_not_intact()
    {
        var pool = new SlabPool(4096, 16);
        using var buffer = NewBuffer(pool, TimeSpan.Zero);
        AppendRun(buffer, 0, 10, TimeSpan.Zero, Second, 1000);
        buffer.TryRead(0, out var header, out var payload);

        AppendRun(buffer, 10, 40, TimeSpan.FromSeconds(10), Second, 1000);

        Assert.False(buffer.IsPayloadIntact(header.Seq));
        Assert.False(Matches(payload.Span, 0));
    }

    [Fact]
    public void Dispose_gives_every_slab_back_to_the_pool()
    {
        var pool = new SlabPool(4096, 16);
        var buffer = NewBuffer(pool, TimeSpan.FromSeconds(5));
        AppendRun(buffer, 0, 10, TimeSpan.Zero, Second, 1000);

        buffer.Dispose();

        Assert.Equal(3, pool.FreeCount);
    }

    [Fact]
    public void Pool_keeps_at_most_its_retention_limit_and_ignores_foreign_sizes()
    {
        var pool = new SlabPool(4096, 1);

        pool.Return(new byte[4096]);
        pool.Return(new byte[4096]);
        pool.Return(new byte[8192]);

        Assert.Equal(1, pool.FreeCount);
        Assert.Equal(4096, pool.Rent().Length);
        Assert.Equal(0, pool.FreeCount);
    }
}
