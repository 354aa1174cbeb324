using Airwave.Streaming.Journaling;

namespace Airwave.Streaming.Hls;

/// <summary>Hands out a channel's EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE numbers so they never go backwards, across restarts and crashes.</summary>
/// <remarks>
/// Both counters are reserved in blocks with one journal event (hi/lo, like <see cref="Channels.ChannelSequence"/>), the
/// next written ahead once half a block is used. After a restart both continue above the last reservation, so numbers
/// may skip but never repeat what a player has seen; a channel stopped in order hands back the unused rest of its block
/// (<see cref="ReleaseAsync"/>), so they do not skip then.
/// </remarks>
public sealed class SegmentSequence
{
    public const int MediaBlockSize = 1000;
    public const int DiscontinuityBlockSize = 100;

    private readonly ReservationAhead<SegmentSequenceReserved> reservations;
    private long nextMedia;
    private long discontinuity;

    // Recovery from an earlier reservation already moved to a new discontinuity number; the first segment after it
    // (which starts a discontinuity: a channel's first chunk always does) takes that number rather than the one after,
    // so a handoff counts as one discontinuity. A channel that never numbered a segment starts as it always did.
    private bool discontinuityFresh;

    /// <param name="log">The channel's segment reservations (persistence id <see cref="PersistenceIdOf"/>).</param>
    public SegmentSequence(IReservationLog<SegmentSequenceReserved> log) => reservations = new ReservationAhead<SegmentSequenceReserved>(log);

    /// <summary>The media sequence number the next segment gets.</summary>
    public long PeekMedia => nextMedia;

    /// <summary>The discontinuity sequence number in effect.</summary>
    public long Discontinuity => discontinuity;

    /// <summary>Where the channel's segment reservations are kept.</summary>
    public static string PersistenceIdOf(string channelId) => "channel-segments/" + channelId;

    /// <summary>Continues above the last reservation in the journal.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        await reservations.RecoverAsync(cancellationToken).ConfigureAwait(false);
        var (mediaUpTo, discontinuityUpTo) = UpTo(reservations.Durable);
        nextMedia = mediaUpTo + 1;
        discontinuity = discontinuityUpTo + 1;
        discontinuityFresh = reservations.Durable is not null;
    }

    /// <summary>Numbers the next segment: its media sequence and its discontinuity sequence, one higher when it starts a discontinuity.</summary>
    public async ValueTask<(long MediaSequence, long DiscontinuitySequence)> NextAsync(bool startsDiscontinuity, CancellationToken cancellationToken = default)
    {
        var media = nextMedia;
        var disc = startsDiscontinuity && !discontinuityFresh ? discontinuity + 1 : discontinuity;
        var (mediaUpTo, discontinuityUpTo) = UpTo(reservations.Durable);
        if (media > mediaUpTo || disc > discontinuityUpTo)
        {
            await reservations.WriteNowAsync(durable => Needed(durable, media, disc), cancellationToken).ConfigureAwait(false);
        }
        else if (mediaUpTo - media < MediaBlockSize / 2 || discontinuityUpTo - disc < DiscontinuityBlockSize / 2)
        {
            reservations.WriteAhead(new SegmentSequenceReserved(mediaUpTo + MediaBlockSize, discontinuityUpTo + DiscontinuityBlockSize));
        }

        nextMedia = media + 1;
        discontinuity = disc;
        discontinuityFresh = false;
        return (media, disc);
    }

    /// <summary>
    /// Hands back the numbers reserved but not used: writes the reservation down to the last media sequence number
    /// given out and the discontinuity sequence in effect, so whoever numbers this channel's segments next (a new owner
    /// after a handoff, this node after a restart) continues right after the last segment, in a new discontinuity,
    /// instead of a block higher. Call it only once nothing here numbers segments any more, and only while no other node
    /// may (the channel's lease is still this node's): a release written behind a new owner's back would let it repeat
    /// numbers after its own restart.
    /// </summary>
    public Task ReleaseAsync(CancellationToken cancellationToken = default) =>
        reservations.WriteNowAsync(
            durable => UpTo(durable) == (nextMedia - 1, discontinuity) ? null : new SegmentSequenceReserved(nextMedia - 1, discontinuity),
            cancellationToken);

    private static (long Media, long Discontinuity) UpTo(SegmentSequenceReserved? reserved) =>
        reserved is null ? (-1, -1) : (reserved.MediaUpTo, reserved.DiscontinuityUpTo);

    /// <summary>The reservation that covers <paramref name="media"/> and <paramref name="disc"/>, or null when <paramref name="durable"/> already does.</summary>
    private static SegmentSequenceReserved? Needed(SegmentSequenceReserved? durable, long media, long disc)
    {
        var (mediaUpTo, discontinuityUpTo) = UpTo(durable);
        return media <= mediaUpTo && disc <= discontinuityUpTo
            ? null
            : new SegmentSequenceReserved(Math.Max(mediaUpTo, media + MediaBlockSize - 1), Math.Max(discontinuityUpTo, disc + DiscontinuityBlockSize - 1));
    }
}
