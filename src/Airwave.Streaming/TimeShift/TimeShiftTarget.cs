namespace Airwave.Streaming.TimeShift;

/// <summary>What kind of start a listener asked for.</summary>
public enum TimeShiftKind
{
    /// <summary>Play live.</summary>
    Live,

    /// <summary>Play from <see cref="TimeShiftTarget.Instant"/>.</summary>
    At,

    /// <summary>The request could not be understood; <see cref="TimeShiftTarget.Error"/> says why.</summary>
    Invalid,
}

/// <summary>A parsed time-shift request: live, a UTC instant to start from, or a human-readable reason it was rejected.</summary>
public readonly record struct TimeShiftTarget
{
    private TimeShiftTarget(TimeShiftKind kind, DateTimeOffset instant, string? error)
    {
        Kind = kind;
        Instant = instant;
        Error = error;
    }

    /// <summary>Play live.</summary>
    public static TimeShiftTarget Live { get; } = new(TimeShiftKind.Live, default, null);

    /// <summary>Live, a past instant, or invalid.</summary>
    public TimeShiftKind Kind { get; }

    /// <summary>The instant to start from, in UTC (offset zero); default unless <see cref="Kind"/> is <see cref="TimeShiftKind.At"/>.</summary>
    public DateTimeOffset Instant { get; }

    /// <summary>Why the request was rejected; null unless <see cref="Kind"/> is <see cref="TimeShiftKind.Invalid"/>.</summary>
    public string? Error { get; }

    /// <summary>Start from <paramref name="instant"/>.</summary>
    public static TimeShiftTarget At(DateTimeOffset instant) => new(TimeShiftKind.At, instant.ToUniversalTime(), null);

    /// <summary>Reject the request with a reason a listener can read.</summary>
    public static TimeShiftTarget Invalid(string reason) => new(TimeShiftKind.Invalid, default, reason);
}
