using System.Numerics;
using Airwave.Streaming.Chunks;

namespace Airwave.Streaming.Rewind;

/// <summary>Hours of one channel's chunks in memory close to their audio bytes: one writer appends, many listeners read without locks.</summary>
/// <remarks>
/// <para>Headers live by value in a ring of structs that doubles when full; payloads are packed into pooled slabs
/// (<see cref="SlabPool"/>), never one array per chunk. Appending is allocation-free once the ring and pool are warm.</para>
/// <para>Threading: exactly one thread appends (the channel actor). Readers on any thread use <see cref="TryRead"/>,
/// <see cref="FindByTime"/> and <see cref="Snapshot"/>; they take an optimistic view of the ring and validate it
/// afterwards (the writer publishes evictions with a full fence before reusing a slot), retrying on the rare race.</para>
/// <para>Payload rule: a payload returned by <see cref="TryRead"/> is a slice of a shared slab. Its bytes stay untouched
/// while the chunk is in the buffer and for <see cref="RewindBufferOptions.RecycleGuard"/> of appended stream time after
/// its eviction. Readers copy the payload (into a socket pipe or a dump), then call <see cref="IsPayloadIntact"/>; only if
/// it answers true may they commit what they copied. It answers false only when the slab was already reused.</para>
/// </remarks>
public sealed partial class RewindBuffer : IDisposable
{
    private readonly long maxTicks;
    private readonly SlabStore slabs;
    private RewindEntry[] entries;
    private long head;
    private long tail;
    private long lastSeq = -1;
    private long lastStartTicks;
    private long payloadBytes;
    private long payloadFloorSeq;
    private bool disposed;

    /// <summary>Creates an empty buffer with <see cref="RewindBufferOptions"/> defaults (4 h, shared 1 MiB slabs).</summary>
    public RewindBuffer()
        : this(new RewindBufferOptions())
    {
    }

    /// <summary>Creates an empty buffer.</summary>
    public RewindBuffer(RewindBufferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RecycleGuard, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InitialChunkCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.InitialChunkCapacity, 1 << 30);
        ArgumentNullException.ThrowIfNull(options.SlabPool);
        MaxDuration = options.MaxDuration;
        maxTicks = options.MaxDuration.Ticks;
        slabs = new SlabStore(options.SlabPool, options.RecycleGuard);
        entries = new RewindEntry[BitOperations.RoundUpToPowerOf2((uint)options.InitialChunkCapacity)];
    }

    /// <summary>Longest span kept, oldest start to newest end.</summary>
    public TimeSpan MaxDuration { get; }

    /// <summary>Payload bytes of the chunks held.</summary>
    public long PayloadBytes => Volatile.Read(ref payloadBytes);

    /// <summary>Bytes of slab memory held (payloads, unused slab tails, evicted slabs inside the recycle guard); writer thread only.</summary>
    public long ReservedBytes => slabs.ReservedBytes;

    /// <summary>Number of header slots in the ring; writer thread only.</summary>
    public int ChunkCapacity => entries.Length;

    /// <summary>
    /// Adds the newest chunk and evicts chunks from the oldest end while the span would exceed <see cref="MaxDuration"/>.
    /// Writer thread only.
    /// </summary>
    /// <exception cref="ArgumentException">The payload length differs from the header, or the sequence number or start time goes backwards.</exception>
    public void Append(in ChunkHeader header, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (header.PayloadLength != payload.Length)
        {
            throw new ArgumentException($"Header says {header.PayloadLength} payload bytes but {payload.Length} were given.", nameof(payload));
        }

        if (header.Seq <= lastSeq)
        {
            throw new ArgumentException($"Sequence number {header.Seq} does not follow {lastSeq}.", nameof(header));
        }

        if (header.StartTicks < lastStartTicks)
        {
            throw new ArgumentException($"Chunk {header.Seq} starts before the previous chunk.", nameof(header));
        }

        EvictBefore(header.EndTicks);
        RecycleRetiredSlabs();
        var (slab, offset) = slabs.Store(payload, header.Seq, header.DurationTicks);
        if (tail - head == entries.Length)
        {
            Grow();
        }

        entries[tail & (entries.Length - 1)] = new RewindEntry(header, slab, offset);
        lastSeq = header.Seq;
        lastStartTicks = header.StartTicks;
        Volatile.Write(ref payloadBytes, payloadBytes + header.PayloadLength);
        Volatile.Write(ref tail, tail + 1);
    }

    /// <summary>
    /// True while the payload of chunk <paramref name="seq"/>, obtained earlier from <see cref="TryRead"/>, has not been
    /// overwritten. Call after copying the payload and before using the copy.
    /// </summary>
    public bool IsPayloadIntact(long seq)
    {
        Interlocked.MemoryBarrier();
        return seq >= Volatile.Read(ref payloadFloorSeq);
    }

    /// <summary>Empties the buffer and gives all slabs back to the pool at once, ignoring the recycle guard; call when no reader is left.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Interlocked.Exchange(ref head, tail);
        Interlocked.Exchange(ref payloadFloorSeq, long.MaxValue);
        Volatile.Write(ref payloadBytes, 0);
        slabs.ReleaseAll();
    }

    private void EvictBefore(long newEndTicks)
    {
        var head = this.head;
        var evictedBytes = 0L;
        while (head < tail)
        {
            ref readonly var oldest = ref entries[head & (entries.Length - 1)];
            if (newEndTicks - oldest.Header.StartTicks <= maxTicks)
            {
                break;
            }

            evictedBytes += oldest.Header.PayloadLength;
            head++;
        }

        if (head != this.head)
        {
            // A full fence: readers must see the eviction before the writer reuses any evicted slot.
            Interlocked.Exchange(ref this.head, head);
            Volatile.Write(ref payloadBytes, payloadBytes - evictedBytes);
        }
    }

    private void RecycleRetiredSlabs()
    {
        var oldestLiveSeq = head < tail ? entries[head & (entries.Length - 1)].Header.Seq : long.MaxValue;
        while (slabs.TryPeekRecyclable(oldestLiveSeq, out var floor))
        {
            // Published with a full fence before the slab can be handed out and overwritten.
            Interlocked.Exchange(ref payloadFloorSeq, Math.Max(floor, payloadFloorSeq));
            slabs.RecycleOldest();
        }
    }

    private void Grow()
    {
        var grown = new RewindEntry[entries.Length * 2];
        for (var i = head; i < tail; i++)
        {
            grown[i & (grown.Length - 1)] = entries[i & (entries.Length - 1)];
        }

        // Readers still holding the old ring keep a consistent copy: the writer never touches it again.
        Volatile.Write(ref entries, grown);
    }
}
