using Airwave.Streaming.Journaling;

namespace Airwave.Streaming.Channels;

/// <summary>Hands out a channel's chunk sequence numbers so they never repeat or go backwards, across restarts and crashes.</summary>
/// <remarks>
/// Numbers are reserved in blocks (hi/lo): one journal write per <see cref="BlockSize"/> chunks. After a crash the
/// channel continues above the last reserved block, so numbers may skip but never repeat.
/// </remarks>
public sealed class ChannelSequence
{
    public const int BlockSize = 1000;

    private readonly IReservationLog<SequenceReserved> log;
    private long next;
    private long reservedUpTo = -1;

    /// <param name="log">The channel's reservations (persistence id <see cref="PersistenceIdOf"/>).</param>
    public ChannelSequence(IReservationLog<SequenceReserved> log) => this.log = log;

    /// <summary>The number the next chunk gets.</summary>
    public long Peek => next;

    /// <summary>Where the channel's reservations are kept.</summary>
    public static string PersistenceIdOf(string channelId) => "channel-sequence/" + channelId;

    /// <summary>Continues after both the journal's reservation and the highest number still held in the rewind buffer.</summary>
    public async Task RecoverAsync(long highestHeld, CancellationToken cancellationToken = default)
    {
        if (await log.ReadLatestAsync(cancellationToken).ConfigureAwait(false) is { } reserved)
        {
            reservedUpTo = reserved.UpTo;
        }

        next = Math.Max(highestHeld, reservedUpTo) + 1;
    }

    /// <summary>The next sequence number, reserving a new block first when the current one is used up.</summary>
    public async ValueTask<long> NextAsync(CancellationToken cancellationToken = default)
    {
        if (next > reservedUpTo)
        {
            var upTo = next + BlockSize - 1;
            await log.AppendAsync(new SequenceReserved(upTo), cancellationToken).ConfigureAwait(false);
            reservedUpTo = upTo;
        }

        return next++;
    }
}
