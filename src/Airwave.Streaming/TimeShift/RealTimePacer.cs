namespace Airwave.Streaming.TimeShift;

/// <summary>Paces a time-shifted listener so it receives audio at playback speed after an initial burst.</summary>
/// <remarks>
/// The listener may be ahead of real time by at most the burst: the next chunk is due when the wall time since the
/// start reaches the media time already sent minus the burst. Media time is the sum of chunk durations, so gaps
/// between chunks in the buffer are skipped rather than waited out. One per listener session, one thread at a time.
/// </remarks>
public sealed class RealTimePacer
{
    private readonly TimeProvider clock;
    private readonly long startTimestamp;
    private long sentTicks;

    /// <summary>Starts pacing now, allowing <paramref name="burst"/> of media ahead of real time.</summary>
    public RealTimePacer(TimeProvider clock, TimeSpan burst)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, TimeSpan.Zero);
        this.clock = clock;
        Burst = burst;
        startTimestamp = clock.GetTimestamp();
    }

    /// <summary>How far ahead of real time the listener may be.</summary>
    public TimeSpan Burst { get; }

    /// <summary>Media time sent so far.</summary>
    public TimeSpan Sent => TimeSpan.FromTicks(sentTicks);

    /// <summary>Wait this long before sending the next chunk (zero: send now).</summary>
    public TimeSpan DelayBeforeNext() => DelayBeforeNext(clock.GetElapsedTime(startTimestamp), Sent, Burst);

    /// <summary>Accounts for a chunk of <paramref name="durationTicks"/> that was just sent.</summary>
    public void RecordSent(long durationTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(durationTicks);
        sentTicks += durationTicks;
    }

    /// <summary>The arithmetic: how long until <paramref name="sent"/> media minus <paramref name="burst"/> is no longer ahead of <paramref name="elapsed"/> wall time.</summary>
    public static TimeSpan DelayBeforeNext(TimeSpan elapsed, TimeSpan sent, TimeSpan burst)
    {
        var due = sent - burst;
        return due > elapsed ? due - elapsed : TimeSpan.Zero;
    }
}
