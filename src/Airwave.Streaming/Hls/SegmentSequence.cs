using Airwave.Streaming.Journaling;

namespace Airwave.Streaming.Hls;

/// <summary>Hands out a channel's EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE numbers so they never go backwards, across restarts and crashes.</summary>
/// <remarks>
/// Both counters are reserved in blocks with one journal event (hi/lo, like <see cref="Channels.ChannelSequence"/>), the
/// next written ahead once half a block is used. After a restart both continue above the last reservation, so numbers
/// may skip but never repeat what a player has seen.
/// </remarks>
public sealed class SegmentSequence
{
    public const int MediaBlockSize = 1000;
    public const int DiscontinuityBlockSize = 100;

    private readonly ReservationAhead<SegmentSequenceReserved> reservations;
    private long nextMedia;
    private long discontinuity;

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
    }

    /// <summary>Numbers the next segment: its media sequence and its discontinuity sequence, one higher when it starts a discontinuity.</summary>
    public async ValueTask<(long MediaSequence, long DiscontinuitySequence)> NextAsync(bool startsDiscontinuity, CancellationToken cancellationToken = default)
    {
        var media = nextMedia;
        var disc = startsDiscontinuity ? discontinuity + 1 : discontinuity;
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
        return (media, disc);
    }

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
