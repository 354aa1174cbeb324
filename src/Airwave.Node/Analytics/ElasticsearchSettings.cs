using System.Globalization;
using Airwave.Hocon.Values;

namespace Airwave.Node.Analytics;

/// <summary>The push of listening events to Elasticsearch's bulk API (<c>airwave.analytics.elasticsearch</c>); null when no <c>url</c> is set.</summary>
/// <param name="Url">The cluster's address; events go to <c>{url}/_bulk</c>.</param>
/// <param name="Index">The index every event is written to.</param>
/// <param name="BatchSize">The most events in one bulk request.</param>
/// <param name="QueueSize">The most events waiting while Elasticsearch is slow or down; beyond it the oldest are dropped.</param>
/// <param name="Timeout">How long one bulk request may take.</param>
/// <param name="Authorization">The <c>Authorization</c> header sent, e.g. <c>ApiKey …</c> or <c>Basic …</c>; empty for none.</param>
internal sealed record ElasticsearchSettings(Uri Url, string Index, int BatchSize, int QueueSize, TimeSpan Timeout, string Authorization)
{
    /// <exception cref="ConfigurationValueException">A value is malformed.</exception>
    public static ElasticsearchSettings? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("airwave:analytics:elasticsearch");
        if (section["url"] is not { Length: > 0 } url)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw section.InvalidValue("url", $"\"{url}\" is not an http:// or https:// URL (for example http://127.0.0.1:9200)");
        }

        var index = section["index"] is { Length: > 0 } named ? named : "airwave-listens";
        if (index.Any(char.IsUpper) || index.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']) >= 0 || index[0] is '-' or '_' or '+')
        {
            throw section.InvalidValue("index", $"\"{index}\" is not an Elasticsearch index name: lowercase, without spaces or \\ / * ? \" < > | , # :, not starting with - _ +");
        }

        return new ElasticsearchSettings(
            uri,
            index,
            Count(section, "batch-size", 500, 1, 10_000),
            Count(section, "queue-size", 10_000, 1, 1_000_000),
            section.GetDuration("timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)),
            section["authorization"] ?? "");
    }

    private static int Count(IConfigurationSection section, string key, int fallback, int minimum, int maximum)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw section.InvalidValue(key, $"must be a whole number from {minimum} to {maximum}, not \"{text}\"");
    }
}
