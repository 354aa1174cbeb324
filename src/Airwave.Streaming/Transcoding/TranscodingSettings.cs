using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Transcoding;

/// <summary>The node's <c>airwave.transcoding</c> section: which ffmpeg runs, how many at once, and how a failing one is restarted.</summary>
public sealed record TranscodingSettings
{
    /// <summary>The ffmpeg executable: a name looked up on PATH or a path.</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>ffmpeg processes this node runs at once; a rendition beyond them is refused until one ends.</summary>
    public int MaxProcesses { get; init; } = 16;

    /// <summary>An ffmpeg that is fed but writes nothing for this long is killed and restarted.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first restart delay after a failure, doubled per consecutive failure up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffMin { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads <c>airwave.transcoding</c>.</summary>
    /// <exception cref="ConfigurationValueException">A value is malformed.</exception>
    public static TranscodingSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("airwave:transcoding");
        var maxText = section["max-processes"];
        var max = 16;
        if (!string.IsNullOrEmpty(maxText)
            && !int.TryParse(maxText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out max))
        {
            throw section.InvalidValue("max-processes", $"\"{maxText}\" is not a whole number of processes (0 turns transcoding off)");
        }

        var backoffMin = section.GetDuration("backoff-min", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100));
        var backoffMax = section.GetDuration("backoff-max", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        if (backoffMax < backoffMin)
        {
            throw section.InvalidValue("backoff-max", $"\"{section["backoff-max"]}\" is shorter than backoff-min ({HoconDuration.Format(backoffMin)})");
        }

        return new TranscodingSettings
        {
            Ffmpeg = section["ffmpeg"] is { Length: > 0 } ffmpeg ? ffmpeg : "ffmpeg",
            MaxProcesses = max,
            StallTimeout = section.GetDuration("stall-timeout", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)),
            BackoffMin = backoffMin,
            BackoffMax = backoffMax,
        };
    }
}
