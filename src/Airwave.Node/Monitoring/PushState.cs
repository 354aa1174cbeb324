namespace Airwave.Node.Monitoring;

/// <summary>
/// Where a periodic push stands: delivering, or in an outage since <paramref name="DownSince"/> after
/// <paramref name="FailedInARow"/> failed attempts. Decides when the next attempt is due and which attempts are logged.
/// </summary>
/// <remarks>
/// A failed document is never sent again: the next attempt reads the node afresh, so a receiver that was down gets one
/// current document when it comes back, not a backlog. Retries come sooner than the interval (with backoff), so a short
/// outage costs little, but never more often than the backoff allows, and never later than the interval.
/// </remarks>
internal sealed record PushState(DateTime? DownSince, int FailedInARow)
{
    /// <summary>The state after a delivered push; <see cref="DownSince"/> of the state before it tells whether an outage ended (logged once).</summary>
    public static PushState Delivering { get; } = new(null, 0);

    /// <summary>True right after the failure that began an outage: the one failure that is logged.</summary>
    public bool OutageBegan => FailedInARow == 1;

    public PushState Failed(DateTime now) => new(DownSince ?? now, FailedInARow + 1);

    /// <summary>How long to wait before the next attempt: the interval while delivering, else the backoff of this many failures, at most the interval.</summary>
    public TimeSpan NextDelay(TimeSpan interval, Func<int, TimeSpan> backoff)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        return FailedInARow == 0 ? interval : TimeSpan.FromTicks(Math.Min(interval.Ticks, backoff(FailedInARow).Ticks));
    }
}
