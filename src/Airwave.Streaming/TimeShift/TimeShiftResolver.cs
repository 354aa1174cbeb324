using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.TimeShift;

/// <summary>Picks the chunk a time-shifted listener starts at, from the requested instant and what the rewind buffer holds.</summary>
public static class TimeShiftResolver
{
    /// <summary>Resolves <paramref name="target"/> against <paramref name="buffer"/>; see <see cref="FromLookup"/>.</summary>
    public static TimeShiftStart Resolve(in TimeShiftTarget target, RewindBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return target.Kind switch
        {
            TimeShiftKind.Invalid => new TimeShiftStart(TimeShiftStartKind.Rejected, 0, default, false, target.Error),
            TimeShiftKind.Live => new TimeShiftStart(TimeShiftStartKind.Live, 0, default, false, null),
            _ => FromLookup(buffer.FindByTime(target.Instant.UtcDateTime)),
        };
    }

    /// <summary>
    /// The chunk containing the instant (or the one after a gap); the oldest chunk, flagged, when the instant is older
    /// than the buffer; live when the instant is at or after the newest chunk's end or the buffer is empty.
    /// </summary>
    public static TimeShiftStart FromLookup(in TimeLookup lookup) => lookup.Outcome switch
    {
        TimeLookupOutcome.Contained or TimeLookupOutcome.InGap => new TimeShiftStart(TimeShiftStartKind.Rewind, lookup.Seq, lookup.StartUtc, false, null),
        TimeLookupOutcome.BeforeOldest => new TimeShiftStart(TimeShiftStartKind.Rewind, lookup.Seq, lookup.StartUtc, true, null),
        _ => new TimeShiftStart(TimeShiftStartKind.Live, 0, default, false, null),
    };
}
