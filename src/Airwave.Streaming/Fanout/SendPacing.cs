namespace Airwave.Streaming.Fanout;

/// <summary>
/// When a channel's fan-out passes over its parked listeners: at once for the first publish after a send interval
/// without a pass, otherwise when the interval that the last pass began is over. So a listener at the live edge is sent
/// the chunks of a whole interval in one write (two 500 ms chunks at the default 1 s), where one write per chunk cost the
/// node one send, and the listener one wake-up, per chunk.
/// </summary>
/// <remarks>
/// Pure: the fan-out asks it under its own lock with the clock's elapsed time, and arms its one timer as told. An interval
/// of zero passes at every publish.
/// </remarks>
/// <param name="interval">The shortest time between two passes.</param>
public sealed class SendPacing(TimeSpan interval)
{
    private long lastPassTicks;
    private bool everPassed;
    private bool armed;

    /// <summary>A publish at <paramref name="nowTicks"/>: true to pass now.</summary>
    /// <param name="nowTicks">Elapsed time on the fan-out's clock, in ticks.</param>
    /// <param name="armFor">
    /// When not passing now: how long until the timer must pass, or zero when the timer is armed already and will pass
    /// what this publish added.
    /// </param>
    public bool Publish(long nowTicks, out TimeSpan armFor)
    {
        armFor = TimeSpan.Zero;
        if (armed)
        {
            return false;
        }

        var since = nowTicks - lastPassTicks;
        if (!everPassed || since >= interval.Ticks)
        {
            Passed(nowTicks);
            return true;
        }

        armed = true;
        armFor = TimeSpan.FromTicks(interval.Ticks - since);
        return false;
    }

    /// <summary>The armed timer fired at <paramref name="nowTicks"/>: the fan-out passes now.</summary>
    public void Fired(long nowTicks)
    {
        armed = false;
        Passed(nowTicks);
    }

    private void Passed(long nowTicks)
    {
        everPassed = true;
        lastPassTicks = nowTicks;
    }
}
