namespace Airwave.IntegrationTests.Harness;

/// <summary>Tells which pure tone a stretch of PCM holds, by counting zero crossings.</summary>
internal static class ToneAnalysis
{
    /// <summary>The frequency in Hz of a sine in <paramref name="samples"/>, skipping the first <paramref name="skipSeconds"/> (decoder start-up).</summary>
    public static double DominantFrequency(ReadOnlySpan<short> samples, int sampleRate, double skipSeconds = 0.1)
    {
        var skip = Math.Min(samples.Length, (int)(sampleRate * skipSeconds));
        var span = samples[skip..];
        if (span.Length < sampleRate / 10)
        {
            throw new ArgumentException($"only {span.Length} samples to analyse", nameof(samples));
        }

        var crossings = 0;
        for (var i = 1; i < span.Length; i++)
        {
            if ((span[i - 1] < 0 && span[i] >= 0) || (span[i - 1] >= 0 && span[i] < 0))
            {
                crossings++;
            }
        }

        return crossings / 2.0 / ((double)span.Length / sampleRate);
    }
}
