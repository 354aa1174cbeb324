namespace Airwave.Media;

/// <summary>Turns sample counts into time exactly, so durations come from the audio and never drift.</summary>
public static class SampleDuration
{
    /// <summary>Ticks (100 ns) covered by <paramref name="samples"/> at <paramref name="sampleRate"/>, rounded down.</summary>
    public static long ToTicks(long samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        return (long)((Int128)samples * TimeSpan.TicksPerSecond / sampleRate);
    }

    /// <summary>The time covered by <paramref name="samples"/> at <paramref name="sampleRate"/>, rounded down to a tick.</summary>
    public static TimeSpan ToTimeSpan(long samples, int sampleRate) => TimeSpan.FromTicks(ToTicks(samples, sampleRate));

    /// <summary>How many whole samples fit in <paramref name="duration"/> at <paramref name="sampleRate"/>.</summary>
    public static long ToSamples(TimeSpan duration, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        return (long)((Int128)duration.Ticks * sampleRate / TimeSpan.TicksPerSecond);
    }
}
