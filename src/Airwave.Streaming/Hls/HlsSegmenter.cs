using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Hls;

/// <summary>Groups a channel's chunks into HLS segments as they are appended, numbers them, indexes them and tells the observers.</summary>
/// <remarks>
/// <para>Cut rule: a segment closes at the first chunk boundary where the chunk end crosses a multiple of the target
/// duration in UTC (<c>floor(end / target) &gt; floor(segmentStart / target)</c>), so channels cut at the same instants and
/// their segments line up for adaptive switching. A chunk with the discontinuity marker closes the open segment and starts
/// a flagged one, and so does a chunk of another codec than the open segment's (a segment has one codec and keeps its
/// extension for life; players need the discontinuity to reset their decoder).</para>
/// <para>A channel whose chunks carry <see cref="ChunkMarkers.RandomAccess"/> (MPEG-TS keyframes) is cut only before such
/// chunks; a channel that marks none (packed audio, where any chunk can start a segment) is cut right after the crossing chunk.</para>
/// <para>Single writer: called only on the channel actor's turn.</para>
/// </remarks>
public sealed class HlsSegmenter
{
    private readonly LiveChannel channel;
    private readonly SegmentSequence sequence;
    private readonly SegmentObservers observers;
    private readonly ILogger log;
    private readonly long targetTicks;
    private OpenSegment? open;
    private bool keyframed;
    private AudioFormat format;
    private bool pendingDiscontinuity;

    public HlsSegmenter(LiveChannel channel, SegmentSequence sequence, SegmentObservers observers, ILogger log)
    {
        this.channel = channel;
        this.sequence = sequence;
        this.observers = observers;
        this.log = log;
        targetTicks = channel.Settings.HlsSegmentDuration.Ticks;
    }

    /// <summary>Recovers the persisted numbering and indexes the chunks already in the rewind buffer (restored from a dump) without telling observers.</summary>
    public async Task RecoverAsync()
    {
        await sequence.RecoverAsync().ConfigureAwait(false);
        var held = channel.Buffer.Snapshot();
        if (held.IsEmpty)
        {
            return;
        }

        var seq = held.FirstSeq;
        while (channel.Buffer.TryRead(seq, out var header, out _) == ChunkReadStatus.Available && header.Seq <= held.LastSeq)
        {
            await AddAsync(header, notify: false).ConfigureAwait(false);
            seq = header.Seq + 1;
        }
    }

    /// <summary>Accounts for the chunk just appended to the rewind buffer.</summary>
    public ValueTask OnAppendedAsync(ChunkHeader header) => AddAsync(header, notify: true);

    /// <summary>The channel stopped in order and no other node owns it yet: hands back the segment numbers not used (<see cref="SegmentSequence.ReleaseAsync"/>).</summary>
    /// <remarks>The open segment is not closed: its chunks were never listed, so its number was never given out.</remarks>
    public Task ReleaseAsync() => sequence.ReleaseAsync();

    private async ValueTask AddAsync(ChunkHeader header, bool notify)
    {
        var randomAccess = (header.Markers & ChunkMarkers.RandomAccess) != 0;
        var discontinuity = (header.Markers & ChunkMarkers.Discontinuity) != 0;
        if (header.Format != format)
        {
            // Another codec: whether it marks keyframes is its own affair, and its first chunk starts a new segment.
            discontinuity |= format != AudioFormat.Unknown;
            keyframed = false;
            format = header.Format;
        }

        keyframed |= randomAccess;
        var canStart = randomAccess || !keyframed;
        if (open is { } current && (discontinuity || (canStart && Crosses(current.StartTicks, header.StartTicks))))
        {
            await CloseAsync(notify).ConfigureAwait(false);
        }

        if (open is null && !canStart)
        {
            pendingDiscontinuity |= discontinuity;
            return;
        }

        open = open is { } extended
            ? extended with { LastSeq = header.Seq, DurationTicks = extended.DurationTicks + header.DurationTicks, EndTicks = header.EndTicks, Bytes = extended.Bytes + header.PayloadLength }
            : new OpenSegment(header.Seq, header.Seq, header.StartTicks, header.EndTicks, header.DurationTicks, header.PayloadLength, discontinuity || pendingDiscontinuity, header.Format);
        pendingDiscontinuity = false;
        if (!keyframed && Crosses(open.StartTicks, open.EndTicks))
        {
            await CloseAsync(notify).ConfigureAwait(false);
        }

        channel.Segments.EvictBefore(channel.Buffer.Snapshot().FirstSeq);
    }

    private bool Crosses(long startTicks, long laterTicks) => laterTicks / targetTicks > startTicks / targetTicks;

    private async ValueTask CloseAsync(bool notify)
    {
        var closing = open!;
        open = null;
        var (media, discontinuity) = await sequence.NextAsync(closing.Discontinuity).ConfigureAwait(false);
        var segment = new HlsSegment(
            channel.Id, media, discontinuity, closing.FirstSeq, closing.LastSeq, closing.StartTicks, closing.DurationTicks, closing.Bytes, closing.Discontinuity, closing.Format);
        channel.Segments.Add(segment);
        if (!notify)
        {
            return;
        }

        foreach (var observer in observers.All)
        {
            try
            {
                observer.OnSegmentClosed(channel, segment);
            }
#pragma warning disable CA1031 // One failing observer must not stop the channel or keep the others from hearing about the segment.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogError(e, "segment observer {Observer} failed on segment {MediaSequence} of {Mount}", observer.GetType().Name, media, channel.Settings.Mount);
            }
        }
    }

    private sealed record OpenSegment(long FirstSeq, long LastSeq, long StartTicks, long EndTicks, long DurationTicks, long Bytes, bool Discontinuity, AudioFormat Format);
}
