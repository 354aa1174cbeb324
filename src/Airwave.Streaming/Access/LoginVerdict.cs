namespace Airwave.Streaming.Access;

/// <summary>How a login attempt may go on: at once, after a delay, or not at all until a lockout ends.</summary>
/// <param name="Delay">How long to wait before answering a failure (zero for the first few).</param>
/// <param name="LockedFor">When not zero, the attempt is refused unchecked and may try again after this.</param>
/// <param name="Failures">The client's failures in the window so far, this one included (0 for <see cref="LoginThrottle.Check"/>).</param>
public readonly record struct LoginVerdict(TimeSpan Delay, TimeSpan LockedFor, int Failures)
{
    public bool Locked => LockedFor > TimeSpan.Zero;

    /// <summary>The first failure of a window is logged on its own; the rest go into the minute's summary.</summary>
    public bool First => Failures == 1;

    /// <summary>Seconds for a <c>Retry-After</c> header, rounded up.</summary>
    public int RetryAfterSeconds => (int)Math.Ceiling(LockedFor.TotalSeconds);
}
