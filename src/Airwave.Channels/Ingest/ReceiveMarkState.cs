namespace Airwave.Channels.Ingest;

/// <summary>
/// Decides a source socket's receive low-water mark at each read tick: the full mark while the source's bytes are read,
/// one byte once bytes have waited under the mark, unread, for a number of ticks.
/// </summary>
/// <remarks>
/// Bytes under the mark never wake a pending read. A source that sends a short tail and then pauses (the last frames
/// before it waits, a malformed chunk-size line) would leave it in the kernel until the source-timeout, which then ends
/// the source as silent rather than for what it sent. Lowering the mark wakes the read at once (Linux checks readiness
/// again when the mark changes), so such a tail waits only <paramref name="stillTicks"/> ticks.
/// </remarks>
/// <param name="mark">The mark while the source's bytes are read.</param>
/// <param name="stillTicks">Ticks with bytes waiting and none read before the mark drops.</param>
public sealed class ReceiveMarkState(int mark, int stillTicks)
{
    private int still;
    private bool lowered;

    /// <summary>The mark while the source's bytes are read.</summary>
    public int Mark => mark;

    /// <summary>The mark to set after a tick, or null to leave it.</summary>
    /// <param name="waiting">Bytes in the socket's receive queue at the tick.</param>
    /// <param name="read">True when the source's bytes were read since the last tick.</param>
    public int? Next(int waiting, bool read)
    {
        if (read)
        {
            still = 0;
            if (lowered)
            {
                lowered = false;
                return mark;
            }

            return null;
        }

        if (waiting == 0 || lowered)
        {
            still = 0;
            return null;
        }

        if (++still < stillTicks)
        {
            return null;
        }

        still = 0;
        lowered = true;
        return 1;
    }
}
