using Airwave.Streaming.Journaling;

namespace Airwave.Streaming.Channels;

/// <summary>Hands out a channel's chunk sequence numbers so they never repeat or go backwards, across restarts and crashes.</summary>
/// <remarks>
/// Numbers are reserved in blocks (hi/lo): one journal write per <see cref="BlockSize"/> chunks, written ahead once half
/// the block is used, so a journal that is down for minutes does not stop the audio. After a crash the channel
/// continues above the last reserved block, so numbers may skip but never repeat.
/// </remarks>
public sealed class ChannelSequence
{
    public const int BlockSize = 1000;

    private readonly ReservationAhead<SequenceReserved> reservations;
    private long next;

    /// <param name="log">The channel's reservations (persistence id <see cref="PersistenceIdOf"/>).</param>
    public ChannelSequence(IReservationLog<SequenceReserved> log) => reservations = new ReservationAhead<SequenceReserved>(log);

    /// <summary>The number the next chunk gets.</summary>
    public long Peek => next;

    /// <summary>Where the channel's reservations are kept.</summary>
    public static string PersistenceIdOf(string channelId) => "channel-sequence/" + channelId;

    /// <summary>Continues after both the journal's reservation and the highest number still held in the rewind buffer.</summary>
    public async Task RecoverAsync(long highestHeld, CancellationToken cancellationToken = default)
    {
        await reservations.RecoverAsync(cancellationToken).ConfigureAwait(false);
        next = Math.Max(highestHeld, UpTo) + 1;
    }

    /// <summary>The next sequence number, reserving a new block first when the current one is used up.</summary>
    public async ValueTask<long> NextAsync(CancellationToken cancellationToken = default)
    {
        var number = next;
        if (number > UpTo)
        {
            await reservations.WriteNowAsync(
                durable => number > (durable?.UpTo ?? -1) ? new SequenceReserved(number + BlockSize - 1) : null, cancellationToken).ConfigureAwait(false);
        }
        else if (UpTo - number < BlockSize / 2)
        {
            reservations.WriteAhead(new SequenceReserved(UpTo + BlockSize));
        }

        next = number + 1;
        return number;
    }

    private long UpTo => reservations.Durable?.UpTo ?? -1;
}
