using System.Globalization;
using System.Text.Json;

namespace Airwave.IntegrationTests.Harness;

/// <summary>The parts of ffprobe's JSON the tests check.</summary>
internal sealed record ProbeResult(string? Codec, int SampleRate, int Channels, double DurationSeconds, string Raw)
{
    public static ProbeResult Parse(ProcessResult result)
    {
        var json = result.Output;
        var start = json.IndexOf('{', StringComparison.Ordinal);
        if (result.ExitCode != 0 || start < 0)
        {
            return new ProbeResult(null, 0, 0, 0, json);
        }

        using var document = JsonDocument.Parse(json[start..]);
        var root = document.RootElement;
        string? codec = null;
        int rate = 0, channels = 0;
        if (root.TryGetProperty("streams", out var streams) && streams.GetArrayLength() > 0)
        {
            var stream = streams[0];
            codec = stream.TryGetProperty("codec_name", out var name) ? name.GetString() : null;
            rate = stream.TryGetProperty("sample_rate", out var r) ? int.Parse(r.GetString()!, CultureInfo.InvariantCulture) : 0;
            channels = stream.TryGetProperty("channels", out var c) ? c.GetInt32() : 0;
        }

        var duration = root.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture)
            : 0;
        return new ProbeResult(codec, rate, channels, duration, json);
    }
}
