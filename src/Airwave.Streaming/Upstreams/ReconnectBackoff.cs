namespace Airwave.Streaming.Upstreams;

/// <summary>Exponential reconnect delays with jitter: min, 2·min, 4·min … up to max, each plus a random share.</summary>
public sealed class ReconnectBackoff(TimeSpan min, TimeSpan max, double jitter, Random random)
{
    /// <summary>The delay before attempt number <paramref name="attempt"/> (1 for the first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        if (attempt <= 0)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(attempt - 1, 30);
        var baseTicks = Math.Min((double)max.Ticks, min.Ticks * Math.Pow(2, exponent));
        var withJitter = baseTicks * (1 + (jitter * random.NextDouble()));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, withJitter));
    }
}
