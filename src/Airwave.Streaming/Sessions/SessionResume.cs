using Airwave.Streaming.Listeners;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.TimeShift;

namespace Airwave.Streaming.Sessions;

/// <summary>Where a listener that presents a known session id starts: the chunk after its persisted playhead, else the playhead's time.</summary>
public static class SessionResume
{
    /// <summary>Decides from the session's latest checkpoint and what the channel's rewind buffer holds.</summary>
    /// <param name="saved">The session's latest checkpoint, or null when the id is unknown.</param>
    /// <param name="channel">The channel the listener asks for.</param>
    /// <param name="nowUtc">The current time.</param>
    /// <param name="expireAfter">How long after it was last seen a session can still be resumed.</param>
    /// <param name="held">The channel's rewind buffer.</param>
    public static ResumePoint Decide(ListenerSessionCheckpoint? saved, string channel, DateTime nowUtc, TimeSpan expireAfter, in RewindSnapshot held)
    {
        if (saved is null)
        {
            return ResumePoint.Fresh("unknown session");
        }

        if (!string.Equals(saved.Channel, channel, StringComparison.Ordinal))
        {
            return ResumePoint.Fresh($"session was on {saved.Channel}");
        }

        if (nowUtc - saved.LastSeenUtc > expireAfter)
        {
            return ResumePoint.Fresh("session expired");
        }

        if (saved.PlayheadSeq < 0)
        {
            return ResumePoint.Fresh("session has no playhead");
        }

        var next = saved.PlayheadSeq + 1;
        return !held.IsEmpty && next >= held.FirstSeq && next <= held.LastSeq + 1
            ? new ResumePoint(ResumeKind.AtSequence, next, default, "chunk after the playhead is held")
            : new ResumePoint(ResumeKind.AtTime, 0, saved.PlayheadEndUtc, "playhead's chunk is no longer held");
    }

    /// <summary>The paced start of <paramref name="point"/> in <paramref name="buffer"/>, or null to start fresh (live).</summary>
    /// <remarks>A sequence number in a gap starts at the next chunk, one just past the newest waits for the next chunk, and one evicted since the decision starts at the oldest chunk.</remarks>
    public static PlaybackStart? Start(in ResumePoint point, RewindBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (point.Kind == ResumeKind.AtSequence)
        {
            switch (buffer.TryRead(point.Seq, out var header, out _))
            {
                case ChunkReadStatus.Available:
                    return new PlaybackStart(header.Seq, true, header.StartUtc);
                case ChunkReadStatus.NotYetAvailable:
                    return new PlaybackStart(point.Seq, true, buffer.Snapshot().NewestUtc);
            }
        }

        if (point.Kind == ResumeKind.Fresh)
        {
            return null;
        }

        var at = point.Kind == ResumeKind.AtTime ? point.AtUtc : buffer.Snapshot().OldestUtc;
        var start = TimeShiftResolver.Resolve(TimeShiftTarget.At(new DateTimeOffset(at, TimeSpan.Zero)), buffer);
        return start.Kind == TimeShiftStartKind.Rewind ? new PlaybackStart(start.Seq, true, start.StartUtc) : null;
    }
}
