using System.Runtime.InteropServices;

namespace Airwave.Streaming.Rewind;

/// <summary>A reader's optimistic view of the rewind ring: absolute indices [Head, Tail) over one ring array.</summary>
/// <remarks>Searches assume sequence numbers strictly increase and start times never decrease along the ring.</remarks>
[StructLayout(LayoutKind.Auto)]
internal readonly struct RingView(RewindEntry[] entries, long head, long tail)
{
    public long Head { get; } = head;

    public long Tail { get; } = tail;

    public ref readonly RewindEntry At(long index) => ref entries[index & (entries.Length - 1)];

    /// <summary>Absolute index of the first chunk whose sequence number is at least <paramref name="seq"/>; requires it to exist.</summary>
    public long IndexOfSeqAtOrAfter(long seq)
    {
        var guess = Head + (seq - At(Head).Header.Seq);
        if (guess < Tail && At(guess).Header.Seq == seq)
        {
            return guess;
        }

        long low = Head, high = Tail - 1;
        while (low < high)
        {
            var mid = low + ((high - low) >> 1);
            if (At(mid).Header.Seq < seq)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>Where <paramref name="ticks"/> falls among the chunks of a non-empty view.</summary>
    public TimeLookup Locate(long ticks)
    {
        ref readonly var oldest = ref At(Head);
        if (ticks < oldest.Header.StartTicks)
        {
            return new TimeLookup(TimeLookupOutcome.BeforeOldest, oldest.Header.Seq, oldest.Header.StartTicks);
        }

        // Last chunk starting at or before the instant.
        long low = Head, high = Tail - 1;
        while (low < high)
        {
            var mid = low + ((high - low + 1) >> 1);
            if (At(mid).Header.StartTicks <= ticks)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        ref readonly var found = ref At(low);
        if (ticks < found.Header.EndTicks)
        {
            return new TimeLookup(TimeLookupOutcome.Contained, found.Header.Seq, found.Header.StartTicks);
        }

        if (low == Tail - 1)
        {
            return new TimeLookup(TimeLookupOutcome.AfterNewest, found.Header.Seq + 1, found.Header.EndTicks);
        }

        ref readonly var next = ref At(low + 1);
        return new TimeLookup(TimeLookupOutcome.InGap, next.Header.Seq, next.Header.StartTicks);
    }
}
