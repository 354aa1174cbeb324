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

    private readonly SlabPool _pool;
    private readonly long _guardTicks;
    private SlabRecord[] _records = new SlabRecord[16];
    private long _first;
    private long _end;
    private byte[]? _current;
    private long _currentRecord;
    private int _used;
    private long _appendedTicks;

    public SlabStore(SlabPool pool, TimeSpan guard)
    {
        _pool = pool;
        _guardTicks = guard.Ticks;
    }

    /// <summary>Bytes of slabs held, including the unused tail of the current slab and retired slabs not yet recycled.</summary>
    public long ReservedBytes { get; private set; }

    /// <summary>Copies <paramref name="payload"/> into slab memory and says where it went.</summary>
    public (byte[] Slab, int Offset) Store(ReadOnlySpan<byte> payload, long seq, long durationTicks)
    {
        _appendedTicks += durationTicks;
        if (payload.Length > _pool.SlabSize)
        {
            var dedicated = payload.ToArray();
            Push(dedicated, seq);
            return (dedicated, 0);
        }

        if (_current is null || _pool.SlabSize - _used < payload.Length)
        {
            _current = _pool.Rent();
            _used = 0;
            _currentRecord = Push(_current, seq);
        }

        var offset = _used;
        payload.CopyTo(_current.AsSpan(offset));
        _used += payload.Length;
        ref var record = ref RecordAt(_currentRecord);
        record.LastSeq = seq;
        record.RetiredAtTicks = NotRetired;
        return (_current, offset);
    }

    /// <summary>
    /// Finds whether the oldest slab may be recycled now that every chunk before <paramref name="oldestLiveSeq"/> is
    /// evicted; if so returns the sequence number below which payloads are no longer guaranteed intact.
    /// </summary>
    public bool TryPeekRecyclable(long oldestLiveSeq, out long payloadFloorSeq)
    {
        for (var i = _first; i < _end; i++)
        {
            ref var record = ref RecordAt(i);
            if (record.LastSeq >= oldestLiveSeq)
            {
                break;
            }

            if (record.RetiredAtTicks == NotRetired)
            {
                record.RetiredAtTicks = _appendedTicks;
            }
        }

        if (_first < _end)
        {
            ref readonly var oldest = ref RecordAt(_first);
            if (oldest.RetiredAtTicks != NotRetired && _appendedTicks - oldest.RetiredAtTicks >= _guardTicks)
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
        ref var record = ref RecordAt(_first);
        var slab = record.Slab;
        record = default;
        if (_first == _currentRecord && ReferenceEquals(slab, _current))
        {
            _current = null;
        }

        _first++;
        ReservedBytes -= slab.Length;
        _pool.Return(slab);
    }

    /// <summary>Gives every slab back to the pool.</summary>
    public void ReleaseAll()
    {
        while (_first < _end)
        {
            RecycleOldest();
        }
    }

    private long Push(byte[] slab, long seq)
    {
        if (_end - _first == _records.Length)
        {
            var grown = new SlabRecord[_records.Length * 2];
            for (var i = _first; i < _end; i++)
            {
                grown[i & (grown.Length - 1)] = RecordAt(i);
            }

            _records = grown;
        }

        RecordAt(_end) = new SlabRecord { Slab = slab, LastSeq = seq, RetiredAtTicks = NotRetired };
        ReservedBytes += slab.Length;
        return _end++;
    }

    private ref SlabRecord RecordAt(long index) => ref _records[index & (_records.Length - 1)];

    private struct SlabRecord
    {
        public byte[] Slab;
        public long LastSeq;
        public long RetiredAtTicks;
    }
}
