namespace Airwave.Streaming.TimeShift;

/// <summary>How a listener's stream starts.</summary>
public enum TimeShiftStartKind
{
    /// <summary>At the live edge.</summary>
    Live,

    /// <summary>From <see cref="TimeShiftStart.Seq"/> in the rewind buffer, paced in real time.</summary>
    Rewind,

    /// <summary>Not at all: the request was invalid (<see cref="TimeShiftStart.Error"/>).</summary>
    Rejected,
}

/// <summary>Where in the rewind buffer a time-shifted listener starts, and whether the request had to be moved up to the buffer start.</summary>
/// <param name="Kind">Live, rewind or rejected.</param>
/// <param name="Seq">Chunk to start at when <see cref="TimeShiftStartKind.Rewind"/>.</param>
/// <param name="StartUtc">UTC start of that chunk: the real start to announce when it differs from the request.</param>
/// <param name="BeforeBufferStart">True when the requested instant was older than the buffer, so playback starts at its oldest chunk.</param>
/// <param name="Error">Why the request was rejected.</param>
public readonly record struct TimeShiftStart(TimeShiftStartKind Kind, long Seq, DateTime StartUtc, bool BeforeBufferStart, string? Error);
