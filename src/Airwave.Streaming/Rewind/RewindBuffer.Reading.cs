using Airwave.Streaming.Chunks;

namespace Airwave.Streaming.Rewind;

/// <summary>Lock-free reads of the rewind ring: optimistic view, then validation that no slot looked at was reused.</summary>
public sealed partial class RewindBuffer
{
    /// <summary>
    /// Reads the chunk with the smallest sequence number at or after <paramref name="seq"/> (sequence numbers may have
    /// gaps). Thread-safe, lock-free, allocation-free. See the payload rule on <see cref="RewindBuffer"/>.
    /// </summary>
    public ChunkReadStatus TryRead(long seq, out ChunkHeader header, out ReadOnlyMemory<byte> payload)
    {
        while (true)
        {
            var view = Observe();
            if (view.Head > view.Tail)
            {
                continue;
            }

            ChunkReadStatus status;
            RewindEntry entry = default;
            if (view.Head == view.Tail)
            {
                status = seq <= Volatile.Read(ref lastSeq) ? ChunkReadStatus.Evicted : ChunkReadStatus.NotYetAvailable;
                if (Volatile.Read(ref tail) != view.Tail)
                {
                    continue;
                }
            }
            else if (seq < view.At(view.Head).Header.Seq)
            {
                status = ChunkReadStatus.Evicted;
            }
            else if (seq > view.At(view.Tail - 1).Header.Seq)
            {
                status = ChunkReadStatus.NotYetAvailable;
            }
            else
            {
                entry = view.At(view.IndexOfSeqAtOrAfter(seq));
                status = ChunkReadStatus.Available;
            }

            if (!IsStillValid(view))
            {
                continue;
            }

            header = entry.Header;
            payload = status == ChunkReadStatus.Available ? entry.Payload : default;
            return status;
        }
    }

    /// <summary>Finds the chunk containing <paramref name="utc"/>, or the one after it; thread-safe, O(log n).</summary>
    public TimeLookup FindByTime(DateTime utc)
    {
        var ticks = utc.ToUniversalTime().Ticks;
        while (true)
        {
            var view = Observe();
            if (view.Head > view.Tail)
            {
                continue;
            }

            TimeLookup result;
            if (view.Head == view.Tail)
            {
                result = new TimeLookup(TimeLookupOutcome.Empty, 0, 0);
            }
            else
            {
                result = view.Locate(ticks);
            }

            if (IsStillValid(view))
            {
                return result;
            }
        }
    }

    /// <summary>A consistent view of the extent (first/last sequence number, oldest/newest time, bytes); thread-safe.</summary>
    public RewindSnapshot Snapshot()
    {
        while (true)
        {
            var view = Observe();
            if (view.Head > view.Tail)
            {
                continue;
            }

            var bytes = Volatile.Read(ref payloadBytes);
            RewindSnapshot result;
            if (view.Head == view.Tail)
            {
                result = new RewindSnapshot(0, 0, Volatile.Read(ref lastSeq), 0, 0, 0);
                if (Volatile.Read(ref tail) != view.Tail)
                {
                    continue;
                }
            }
            else
            {
                var oldest = view.At(view.Head).Header;
                var newest = view.At(view.Tail - 1).Header;
                result = new RewindSnapshot(view.Tail - view.Head, oldest.Seq, newest.Seq, oldest.StartTicks, newest.EndTicks, bytes);
            }

            if (IsStillValid(view))
            {
                return result;
            }
        }
    }

    /// <summary>Opens a cursor that reads chunk by chunk starting at <paramref name="seq"/>.</summary>
    public RewindCursor OpenCursor(long seq) => new(this, seq);

    private RingView Observe()
    {
        // Tail before ring before head: the ring seen holds every slot up to the tail seen, and the head seen is
        // at least the head at the time that ring was published.
        var tail = Volatile.Read(ref this.tail);
        var entries = Volatile.Read(ref this.entries);
        var head = Volatile.Read(ref this.head);
        return new RingView(entries, head, tail);
    }

    private bool IsStillValid(in RingView view)
    {
        // The writer moves the head (with a full fence) before overwriting any slot below it; an unchanged head
        // after our reads means none of the slots in [head, tail) we looked at was being reused.
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref head) == view.Head;
    }
}
