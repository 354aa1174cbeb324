namespace Airwave.Streaming.Rewind;

/// <summary>Packs chunk payloads back to back into pooled slabs and gives slabs back once their chunks are long gone.</summary>
/// <remarks>
/// Writer-only. Slabs are tracked first-in first-out with the last chunk written into each. A slab retires when all
/// its chunks were evicted, and is recycled only after <c>guardTicks</c> more stream time has been appended, so
/// readers that took a payload just before eviction have that long to finish with it.
/// </remarks>
internal sealed class SlabStore
{
    private const long NotRetired = -1;

    private readonly SlabPool pool;
    private readonly long guardTicks;
    private SlabRecord[] records = new SlabRecord[16];
    private long first;
    private long end;
    private byte[]? current;
    private long currentRecord;
    private int used;
    private long appendedTicks;

    public SlabStore(SlabPool pool, TimeSpan guard)
    {
        this.pool = pool;
        guardTicks = guard.Ticks;
    }

    /// <summary>Bytes of slabs held, including the unused tail of the current slab and retired slabs not yet recycled.</summary>
    public long ReservedBytes { get; private set; }

    /// <summary>Copies <paramref name="payload"/> into slab memory and says where it went.</summary>
    public (byte[] Slab, int Offset) Store(ReadOnlySpan<byte> payload, long seq, long durationTicks)
    {
        appendedTicks += durationTicks;
        if (payload.Length > pool.SlabSize)
        {
            var dedicated = payload.ToArray();
            Push(dedicated, seq);
            return (dedicated, 0);
        }

        if (current is null || pool.SlabSize - used < payload.Length)
        {
            current = pool.Rent();
            used = 0;
            currentRecord = Push(current, seq);
        }

        var offset = used;
        payload.CopyTo(current.AsSpan(offset));
        used += payload.Length;
        ref var record = ref RecordAt(currentRecord);
        record.LastSeq = seq;
        record.RetiredAtTicks = NotRetired;
        return (current, offset);
    }

    /// <summary>
    /// Finds whether the oldest slab may be recycled now that every chunk before <paramref name="oldestLiveSeq"/> is
    /// evicted; if so returns the sequence number below which payloads are no longer guaranteed intact.
    /// </summary>
    public bool TryPeekRecyclable(long oldestLiveSeq, out long payloadFloorSeq)
    {
        for (var i = first; i < end; i++)
        {
            ref var record = ref RecordAt(i);
            if (record.LastSeq >= oldestLiveSeq)
            {
                break;
            }

            if (record.RetiredAtTicks == NotRetired)
            {
                record.RetiredAtTicks = appendedTicks;
            }
        }

        if (first < end)
        {
            ref readonly var oldest = ref RecordAt(first);
            if (oldest.RetiredAtTicks != NotRetired && appendedTicks - oldest.RetiredAtTicks >= guardTicks)
            {
                payloadFloorSeq = oldest.LastSeq + 1;
                return true;
            }
        }

        payloadFloorSeq = 0;
        return false;
    }

    /// <summary>Gives the oldest slab back to the pool; call only after <see cref="TryPeekRecyclable"/> said so and the floor is published.</summary>
    public void RecycleOldest()
    {
        ref var record = ref RecordAt(first);
        var slab = record.Slab;
        record = default;
        if (first == currentRecord && ReferenceEquals(slab, current))
        {
            current = null;
        }

        first++;
        ReservedBytes -= slab.Length;
        pool.Return(slab);
    }

    /// <summary>Gives every slab back to the pool.</summary>
    public void ReleaseAll()
    {
        while (first < end)
        {
            RecycleOldest();
        }
    }

    private long Push(byte[] slab, long seq)
    {
        if (end - first == records.Length)
        {
            var grown = new SlabRecord[records.Length * 2];
            for (var i = first; i < end; i++)
            {
                grown[i & (grown.Length - 1)] = RecordAt(i);
            }

            records = grown;
        }

        RecordAt(end) = new SlabRecord { Slab = slab, LastSeq = seq, RetiredAtTicks = NotRetired };
        ReservedBytes += slab.Length;
        return end++;
    }

    private ref SlabRecord RecordAt(long index) => ref records[index & (records.Length - 1)];

    private struct SlabRecord
    {
        public byte[] Slab;
        public long LastSeq;
        public long RetiredAtTicks;
    }
}
