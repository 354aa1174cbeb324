using System.Globalization;
using Airwave.Hocon.Values;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Upstreams;

/// <summary>Reads <see cref="PullSettings"/> from a channel's section overlaid on <c>channel-defaults</c>.</summary>
public static class PullSettingsReader
{
    // Shorter timeouts give up on upstreams that are merely slow; shorter backoffs hammer an upstream that is down.
    private static readonly TimeSpan MinimumTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinimumBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>The pull settings of a channel.</summary>
    /// <exception cref="FormatException">A value is malformed; the message names the key.</exception>
    public static PullSettings Read(IConfigurationSection own, IConfigurationSection defaults)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(defaults);
        IConfigurationSection Holder(string key) => own[key] is not null ? own : defaults;
        string Text(string key) => own[key] ?? defaults[key] ?? "";
        var backoffMin = Holder("backoff-min").GetDuration("backoff-min", TimeSpan.FromMilliseconds(500), MinimumBackoff);
        var backoffMax = Holder("backoff-max").GetDuration("backoff-max", TimeSpan.FromSeconds(30), MinimumBackoff);
        if (backoffMax < backoffMin)
        {
            throw Holder("backoff-max").InvalidValue("backoff-max", $"\"{Holder("backoff-max")["backoff-max"]}\" is shorter than backoff-min ({HoconDuration.Format(backoffMin)})");
        }

        var list = own.GetSection("upstreams").Exists() ? own.GetSection("upstreams") : defaults.GetSection("upstreams");
        return new PullSettings
        {
            Upstreams = list.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(ReadUpstream).ToList(),
            MaxFailures = Math.Max(1, Int(Holder("max-failures"), "max-failures", 3)),
            NoDataTimeout = Holder("no-data-timeout").GetDuration("no-data-timeout", TimeSpan.FromSeconds(10), MinimumTimeout),
            BackoffMin = backoffMin,
            BackoffMax = backoffMax,
            BackoffJitter = Fraction(Holder("backoff-jitter"), "backoff-jitter", 0.2),
            FailBackAfter = Holder("fail-back-after").GetDuration("fail-back-after", TimeSpan.FromMinutes(5), TimeSpan.Zero),
            OnDemand = Text("on-demand") is "true" or "True" or "yes" or "on",
            IdleCloseAfter = Holder("idle-close-after").GetDuration("idle-close-after", TimeSpan.FromSeconds(10), MinimumTimeout),
            HlsVariantName = Text("hls-variant-name"),
            HlsVariantResolution = Text("hls-variant-resolution"),
            HlsVariantBandwidth = Int(Holder("hls-variant-bandwidth"), "hls-variant-bandwidth", 0),
            HlsInitialSegments = Math.Max(1, Int(Holder("hls-initial-segments"), "hls-initial-segments", 3)),
            MaxPlaylistBytes = Holder("max-playlist-bytes").GetBytes("max-playlist-bytes", 1024 * 1024),
            MaxSegmentBytes = Holder("max-segment-bytes").GetBytes("max-segment-bytes", 64L * 1024 * 1024),
            MaxRedirects = Int(Holder("max-redirects"), "max-redirects", 5),
        };
    }

    /// <summary>Parses an upstream type name.</summary>
    /// <exception cref="FormatException">Not one of auto, icecast, hls, ts.</exception>
    public static UpstreamType ParseType(string? text, string where) => text?.ToLowerInvariant() switch
    {
        null or "" or "auto" => UpstreamType.Auto,
        "icecast" or "http" => UpstreamType.Icecast,
        "hls" => UpstreamType.Hls,
        "ts" => UpstreamType.Ts,
        _ => throw new FormatException($"{where}.type must be auto, icecast, hls or ts, not \"{text}\""),
    };

    /// <summary>Checks that <paramref name="url"/> is an absolute http(s) URL.</summary>
    /// <exception cref="FormatException">It is not.</exception>
    public static string CheckUrl(string? url, string where) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url!
            : throw new FormatException($"{where}.url must be an absolute http or https URL, not \"{url}\"");

    private static UpstreamSettings ReadUpstream(IConfigurationSection section)
    {
        var where = section.Path.Replace(':', '.');
        var headers = section.GetSection("headers").GetChildren().ToDictionary(h => h.Key, h => h.Value ?? "", StringComparer.OrdinalIgnoreCase);
        return new UpstreamSettings(CheckUrl(section["url"], where), ParseType(section["type"], where), section["user-agent"] ?? "", headers);
    }

    private static int Int(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        return string.IsNullOrEmpty(text) ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
            : throw section.InvalidValue(key, $"must be a non-negative whole number, not \"{text}\"");
    }

    private static double Fraction(IConfigurationSection section, string key, double fallback)
    {
        var text = section[key];
        return string.IsNullOrEmpty(text) ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1 ? value
            : throw section.InvalidValue(key, $"must be a number from 0 to 1, not \"{text}\"");
    }
}
