namespace Airwave.Streaming.Upstreams;

/// <summary>
/// Decides which upstream a channel pulls: retry with backoff, move to the next after max-failures consecutive failures, at
/// once when one stays silent or answers with something that is not media, or when an outage outlasts no-data-timeout;
/// wrap around the list (backing off once every upstream failed in turn); manual switches become the preferred upstream.
/// </summary>
public sealed class FailoverPolicy
{
    private readonly int count;
    private readonly int maxFailures;
    private readonly long outageLimitTicks;
    private readonly ReconnectBackoff backoff;
    private long? outageStartTicks;
    private int outageOrigin;
    private int cycles;

    public FailoverPolicy(int count, int maxFailures, TimeSpan noDataTimeout, ReconnectBackoff backoff)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        this.count = count;
        this.maxFailures = Math.Max(1, maxFailures);
        outageLimitTicks = noDataTimeout.Ticks;
        this.backoff = backoff;
    }

    /// <summary>The upstream in use.</summary>
    public int Current { get; private set; }

    /// <summary>The upstream to fail back to: the first, or the one last chosen by hand.</summary>
    public int Preferred { get; private set; }

    /// <summary>Failed attempts on <see cref="Current"/> since it last streamed or was chosen.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>True when a less preferred upstream is in use.</summary>
    public bool WantsFailBack => Current != Preferred;

    /// <summary>The current upstream delivers media: the outage is over.</summary>
    public void Streaming()
    {
        ConsecutiveFailures = 0;
        outageStartTicks = null;
        cycles = 0;
    }

    /// <summary>An attempt on <see cref="Current"/> failed at <paramref name="nowTicks"/>.</summary>
    public FailoverDecision Failed(long nowTicks, UpstreamFailureKind kind)
    {
        if (outageStartTicks is null)
        {
            outageStartTicks = nowTicks;
            outageOrigin = Current;
        }

        ConsecutiveFailures++;
        var move = count > 1 && (kind is UpstreamFailureKind.NoData or UpstreamFailureKind.NotMedia
            || ConsecutiveFailures >= maxFailures
            || nowTicks - outageStartTicks.Value >= outageLimitTicks);
        if (!move)
        {
            return new FailoverDecision(Current, false, backoff.Delay(ConsecutiveFailures + cycles));
        }

        Current = (Current + 1) % count;
        ConsecutiveFailures = 0;
        if (Current == outageOrigin)
        {
            cycles++;
        }

        return new FailoverDecision(Current, true, cycles == 0 ? TimeSpan.Zero : backoff.Delay(cycles));
    }

    /// <summary>Uses upstream <paramref name="index"/> from now on; a manual choice (<paramref name="sticky"/>) also becomes the preferred one.</summary>
    public void SwitchTo(int index, bool sticky)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Current = index;
        ConsecutiveFailures = 0;
        outageStartTicks = null;
        cycles = 0;
        if (sticky)
        {
            Preferred = index;
        }
    }

    /// <summary>The upstream after the current one, wrapping around.</summary>
    public int NextIndex => (Current + 1) % count;
}
