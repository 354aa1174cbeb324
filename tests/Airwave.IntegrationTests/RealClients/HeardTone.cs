using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.RealClients;

/// <summary>Checks what a player decoded: long enough, and the tone the mount carries — so the player really played what the node served.</summary>
internal static class HeardTone
{
    /// <summary>Decodes <paramref name="file"/> (whatever the player wrote) and checks it.</summary>
    public static async Task AssertFileAsync(string file, double atLeastSeconds, int hertz, string player)
    {
        Assert.True(File.Exists(file), $"{player} wrote no {Path.GetFileName(file)}");
        var errors = await FfmpegProcess.DecodeErrorsAsync(file);
        Assert.True(errors.Length == 0, $"{player}'s {file} does not decode cleanly: {errors}");
        AssertSamples(await FfmpegProcess.DecodePcmAsync(file, RealClientNode.SampleRate), atLeastSeconds, hertz, player);
    }

    /// <summary>Checks mono 16-bit samples at <see cref="RealClientNode.SampleRate"/>.</summary>
    public static void AssertSamples(short[] samples, double atLeastSeconds, int hertz, string player)
    {
        var seconds = (double)samples.Length / RealClientNode.SampleRate;
        Assert.True(seconds >= atLeastSeconds, $"{player} played {seconds:0.0}s, expected at least {atLeastSeconds}s");
        var heard = ToneAnalysis.DominantFrequency(samples, RealClientNode.SampleRate, skipSeconds: 0.5);
        Assert.True(Math.Abs(heard - hertz) <= hertz * 0.05, $"{player} played {heard:0} Hz, the mount carries {hertz} Hz");
    }
}
