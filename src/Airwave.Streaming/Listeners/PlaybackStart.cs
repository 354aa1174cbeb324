using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.TimeShift;

namespace Airwave.Streaming.Listeners;

/// <summary>Where a listener's audio starts: at live with a burst, a relay's delay behind live, or at a point in the rewind buffer, paced in real time.</summary>
/// <param name="Seq">The first chunk to send.</param>
/// <param name="Paced">False for live listeners (sent as chunks arrive), true for time-shifted ones.</param>
/// <param name="StartUtc">The stream time playback really starts at.</param>
public readonly record struct PlaybackStart(long Seq, bool Paced, DateTime StartUtc)
{
    /// <summary>The channel <see cref="Seq"/> belongs to (e.g. the fallback mount); null means the listener's own channel.</summary>
    public LiveChannel? Channel { get; init; }

    /// <summary>The codec the listener's head announces and the only one its connection carries; see <see cref="ListenerSession"/>.</summary>
    public AudioFormat Format { get; init; }

    /// <summary>
    /// True for a live start on an empty buffer: the listener begins at the live edge, with its channel's burst, once
    /// chunks arrive. <see cref="Seq"/> alone would point at the first chunk appended, and a relay replica catching up
    /// appends the owner's history, oldest first, all at once: a listener there would play hours behind live.
    /// </summary>
    public bool AwaitsLiveEdge { get; init; }

    /// <summary>Live, starting far enough back that at least <paramref name="burstBytes"/> go out at once.</summary>
    /// <remarks>
    /// Sequence numbers may have gaps (after a crash); each chunk counts once towards the burst. The burst never reaches
    /// back past a codec change: the connection carries the codec of the live edge.
    /// </remarks>
    public static PlaybackStart Live(LiveChannel channel, long burstBytes)
    {
        var held = channel.Buffer.Snapshot();
        if (held.IsEmpty)
        {
            return new PlaybackStart(held.LastSeq + 1, false, DateTime.UtcNow) { Channel = channel, Format = channel.FormatAt(held.LastSeq + 1), AwaitsLiveEdge = true };
        }

        var seq = held.LastSeq;
        var first = held.LastSeq + 1;
        long bytes = 0;
        var start = held.NewestUtc;
        var format = channel.FormatAt(held.LastSeq);
        while (seq >= held.FirstSeq && bytes < burstBytes)
        {
            if (channel.Buffer.TryRead(seq, out var header, out _) != ChunkReadStatus.Available || header.Format != format)
            {
                break;
            }

            if (header.Seq < first)
            {
                bytes += header.PayloadLength;
                start = header.StartUtc;
                first = header.Seq;
            }

            seq--;
        }

        return new PlaybackStart(first, false, start) { Channel = channel, Format = channel.FormatAt(first) };
    }

    /// <summary>
    /// <paramref name="delay"/> behind the newest chunk, paced in real time after the pacing burst (which goes out at once
    /// and starts that much further back): the <paramref name="delay"/> of audio the listener has not been sent yet is
    /// what carries it through a gap in the channel's feed, since pacing counts media time and skips the gap.
    /// Live, with <paramref name="burstBytes"/>, when the buffer is empty.
    /// </summary>
    public static PlaybackStart BehindLive(LiveChannel channel, TimeSpan delay, long burstBytes)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var held = channel.Buffer.Snapshot();
        var found = held.IsEmpty
            ? new TimeShiftStart(TimeShiftStartKind.Live, 0, default, false, null)
            : TimeShiftResolver.FromLookup(channel.Buffer.FindByTime(held.NewestUtc - delay - PacingBurst(channel)));
        return found.Kind == TimeShiftStartKind.Live
            ? Live(channel, burstBytes)
            : new PlaybackStart(found.Seq, true, found.StartUtc) { Channel = channel, Format = channel.FormatAt(found.Seq) };
    }

    /// <summary>How far ahead of real time a paced listener of <paramref name="channel"/> may be: its burst size at the stream's bitrate (4 s when unknown).</summary>
    public static TimeSpan PacingBurst(LiveChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var kbps = channel.Stream?.BitrateKbps ?? 0;
        return kbps > 0 ? TimeSpan.FromSeconds(channel.Settings.BurstSize * 8.0 / (kbps * 1000.0)) : TimeSpan.FromSeconds(4);
    }
}
