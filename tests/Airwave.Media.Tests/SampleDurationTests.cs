namespace Airwave.Media.Tests;

public class SampleDurationTests
{
    [Fact]
    public void Samples_convert_to_exact_ticks()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), SampleDuration.ToTimeSpan(44100, 44100));
        Assert.Equal(261224, SampleDuration.ToTicks(1152, 44100));
        Assert.Equal(213333, SampleDuration.ToTicks(1024, 48000));
        Assert.Equal(48000, SampleDuration.ToSamples(TimeSpan.FromSeconds(1), 48000));
    }

    [Fact]
    public void Huge_sample_counts_do_not_overflow()
    {
        var tenYears = 48000L * 3600 * 24 * 365 * 10;

        Assert.Equal(TimeSpan.FromDays(3650), SampleDuration.ToTimeSpan(tenYears, 48000));
    }

    [Fact]
    public void Clock_accumulates_samples_without_rounding_drift()
    {
        var clock = default(SampleClock);
        long roundedSum = 0;
        for (var i = 0; i < 44100; i++)
        {
            clock.Add(1152, 44100);
            roundedSum += SampleDuration.ToTicks(1152, 44100);
        }

        Assert.Equal(TimeSpan.FromSeconds(1152), clock.Elapsed);
        Assert.NotEqual(clock.ElapsedTicks, roundedSum);
    }

    [Fact]
    public void Clock_handles_sample_rate_changes()
    {
        var clock = default(SampleClock);
        clock.Add(44100, 44100);
        clock.Add(24000, 48000);
        clock.Add(24000, 48000);

        Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed);
        Assert.Equal(92100, clock.TotalSamples);
        Assert.Equal(48000, clock.SampleRate);
    }
}
