using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Transcoding;

/// <summary><c>airwave.transcoding.sessions</c> and <c>airwave.transcoding.profiles</c>: on-demand transcode sessions and what they may encode into.</summary>
public sealed record TranscodeSessionSettings
{
    /// <summary>The profiles a request names, by name.</summary>
    public IReadOnlyDictionary<string, TranscodeEncoding> Profiles { get; init; } = new Dictionary<string, TranscodeEncoding>();

    /// <summary>A session nobody asked for (playlist, segment or heartbeat) for this long is stopped and its files removed.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a finished archive-window session stays on disk, served without ffmpeg, after its last request.</summary>
    public TimeSpan VodCache { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How long a request waits for a new session's first two segments.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sessions one user may have; a new one beyond stops the user's oldest.</summary>
    public int MaxPerUser { get; init; } = 2;

    /// <summary>Sessions of one channel; a request beyond is refused unless the user reclaims a slot of their own.</summary>
    public int MaxPerSource { get; init; } = 8;

    /// <summary>The length of a session's HLS segments.</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Where session directories go, below the data directory.</summary>
    public string Directory { get; init; } = "transcode";

    /// <summary>Reads <c>airwave.transcoding.sessions</c> and <c>airwave.transcoding.profiles</c>.</summary>
    /// <exception cref="ConfigurationValueException">A value is malformed.</exception>
    public static TranscodeSessionSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("airwave:transcoding:sessions");
        var profiles = configuration.GetSection("airwave:transcoding:profiles").GetChildren()
            .Where(profile => profile.Key != "*")
            .ToDictionary(profile => profile.Key, RenditionSettingsReader.ReadEncoding, StringComparer.Ordinal);
        return new TranscodeSessionSettings
        {
            Profiles = profiles,
            HeartbeatTimeout = section.GetDuration("heartbeat-timeout", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)),
            VodCache = section.GetDuration("vod-cache", TimeSpan.FromMinutes(60), TimeSpan.Zero),
            ReadyTimeout = section.GetDuration("ready-timeout", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)),
            MaxPerUser = Count(section, "max-per-user", 2),
            MaxPerSource = Count(section, "max-per-source", 8),
            SegmentDuration = section.GetDuration("segment-duration", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1)),
            Directory = section["directory"] is { Length: > 0 } directory ? directory : "transcode",
        };
    }

    private static int Count(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        return string.IsNullOrEmpty(text) ? fallback
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1 ? value
            : throw section.InvalidValue(key, $"\"{text}\" is not a whole number of sessions, at least 1");
    }
}
