namespace Airwave.Streaming.Rewind;

/// <summary>Keeps freed payload slabs of one size for reuse, so rewind buffers stop allocating once they are full.</summary>
/// <remarks>Thread-safe; renting and returning cost a short lock and never allocate once a slab is retained.</remarks>
public sealed class SlabPool
{
    /// <summary>Size of the slabs in <see cref="Shared"/>: 1 MiB.</summary>
    public const int DefaultSlabSize = 1024 * 1024;

    private readonly byte[]?[] free;
    private readonly Lock gate = new();
    private int count;

    /// <summary>Creates a pool of <paramref name="slabSize"/>-byte slabs that retains at most <paramref name="maxRetained"/> free ones.</summary>
    public SlabPool(int slabSize, int maxRetained)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slabSize, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        SlabSize = slabSize;
        free = new byte[]?[maxRetained];
    }

    /// <summary>The process-wide pool of 1 MiB slabs, retaining up to 64 free slabs.</summary>
    public static SlabPool Shared { get; } = new(DefaultSlabSize, 64);

    /// <summary>Length of every slab this pool hands out.</summary>
    public int SlabSize { get; }

    /// <summary>Number of free slabs currently retained.</summary>
    public int FreeCount
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    /// <summary>Hands out a free slab, or a new one when none is retained. Its contents are undefined.</summary>
    public byte[] Rent()
    {
        lock (gate)
        {
            if (count > 0)
            {
                var slab = free[--count]!;
                free[count] = null;
                return slab;
            }
        }

        return GC.AllocateUninitializedArray<byte>(SlabSize);
    }

    /// <summary>Takes back a slab nobody reads any more; slabs of another size, or beyond the retention limit, are left to the GC.</summary>
    public void Return(byte[] slab)
    {
        ArgumentNullException.ThrowIfNull(slab);
        if (slab.Length != SlabSize)
        {
            return;
        }

        lock (gate)
        {
            if (count < free.Length)
            {
                free[count++] = slab;
            }
        }
    }
}
