namespace Airwave.Media;

/// <summary>Accumulates samples (across sample-rate changes) and reports elapsed time without rounding drift.</summary>
public struct SampleClock
{
    private long ticksBeforeRate;
    private long samplesAtRate;

    /// <summary>The sample rate of the samples added most recently, 0 before the first.</summary>
    public int SampleRate { get; private set; }

    /// <summary>All samples added so far.</summary>
    public long TotalSamples { get; private set; }

    /// <summary>Exact elapsed time in ticks: each run of one sample rate is converted once, as a whole.</summary>
    public readonly long ElapsedTicks =>
        ticksBeforeRate + (SampleRate == 0 ? 0 : SampleDuration.ToTicks(samplesAtRate, SampleRate));

    /// <summary>Exact elapsed time.</summary>
    public readonly TimeSpan Elapsed => TimeSpan.FromTicks(ElapsedTicks);

    /// <summary>Adds one frame's (or any run's) samples at the given sample rate.</summary>
    public void Add(int samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (sampleRate != SampleRate)
        {
            ticksBeforeRate = ElapsedTicks;
            samplesAtRate = 0;
            SampleRate = sampleRate;
        }

        samplesAtRate += samples;
        TotalSamples += samples;
    }
}
