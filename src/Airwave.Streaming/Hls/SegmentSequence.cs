using Airwave.Streaming.Journaling;

namespace Airwave.Streaming.Hls;

/// <summary>Hands out a channel's EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE numbers so they never go backwards, across restarts and crashes.</summary>
/// <remarks>
/// Both counters are reserved in blocks with one journal event (hi/lo, like <see cref="Channels.ChannelSequence"/>). After a
/// restart both continue above the last reservation, so numbers may skip but never repeat what a player has seen.
/// </remarks>
public sealed class SegmentSequence
{
    public const int MediaBlockSize = 1000;
    public const int DiscontinuityBlockSize = 100;

    private readonly IReservationLog<SegmentSequenceReserved> log;
    private long nextMedia;
    private long discontinuity;
    private long mediaUpTo = -1;
    private long discontinuityUpTo = -1;

    /// <param name="log">The channel's segment reservations (persistence id <see cref="PersistenceIdOf"/>).</param>
    public SegmentSequence(IReservationLog<SegmentSequenceReserved> log) => this.log = log;

    /// <summary>The media sequence number the next segment gets.</summary>
    public long PeekMedia => nextMedia;

    /// <summary>The discontinuity sequence number in effect.</summary>
    public long Discontinuity => discontinuity;

    /// <summary>Where the channel's segment reservations are kept.</summary>
    public static string PersistenceIdOf(string channelId) => "channel-segments/" + channelId;

    /// <summary>Continues above the last reservation in the journal.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        if (await log.ReadLatestAsync(cancellationToken).ConfigureAwait(false) is { } reserved)
        {
            mediaUpTo = reserved.MediaUpTo;
            discontinuityUpTo = reserved.DiscontinuityUpTo;
        }

        nextMedia = mediaUpTo + 1;
        discontinuity = discontinuityUpTo + 1;
    }

    /// <summary>Numbers the next segment: its media sequence and its discontinuity sequence, one higher when it starts a discontinuity.</summary>
    public async ValueTask<(long MediaSequence, long DiscontinuitySequence)> NextAsync(bool startsDiscontinuity, CancellationToken cancellationToken = default)
    {
        var media = nextMedia;
        var disc = startsDiscontinuity ? discontinuity + 1 : discontinuity;
        if (media > mediaUpTo || disc > discontinuityUpTo)
        {
            var reserved = new SegmentSequenceReserved(
                Math.Max(mediaUpTo, media + MediaBlockSize - 1), Math.Max(discontinuityUpTo, disc + DiscontinuityBlockSize - 1));
            await log.AppendAsync(reserved, cancellationToken).ConfigureAwait(false);
            (mediaUpTo, discontinuityUpTo) = (reserved.MediaUpTo, reserved.DiscontinuityUpTo);
        }

        nextMedia = media + 1;
        discontinuity = disc;
        return (media, disc);
    }
}
