using Airwave.Hocon.Values;

namespace Airwave.Node.Monitoring;

/// <summary><c>airwave.monitoring</c>: where the node posts its status and the metadata it must not lose, and where it restores that metadata from at start.</summary>
/// <param name="StatusUrl">Where the status document is POSTed; null: not pushed.</param>
/// <param name="StatusInterval">Time between two status pushes.</param>
/// <param name="MetadataUrl">Where the metadata document is POSTed; null: not pushed.</param>
/// <param name="MetadataInterval">Time between two metadata pushes (one more is sent at a graceful stop).</param>
/// <param name="Timeout">How long one push may take before it counts as failed.</param>
/// <param name="Headers">Sent with every push, e.g. <c>authorization</c>: the receivers are often third parties.</param>
/// <param name="RestoreFrom">A metadata document (<c>file:</c> path or http(s) URL) whose sequences the channels are raised to before they start; null: none.</param>
internal sealed record MonitoringSettings(
    Uri? StatusUrl,
    TimeSpan StatusInterval,
    Uri? MetadataUrl,
    TimeSpan MetadataInterval,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string> Headers,
    string? RestoreFrom)
{
    // A push reads every channel and, for the status, asks every upstream actor: more often is work for nothing.
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>Reads <c>airwave.monitoring</c>.</summary>
    /// <exception cref="ConfigurationValueException">A value is malformed; the message names the key.</exception>
    public static MonitoringSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("airwave:monitoring");
        var metadataInterval = section.GetDuration("metadata-interval", TimeSpan.FromSeconds(60), MinimumInterval);
        var statusInterval = section.GetDuration("status-interval", TimeSpan.FromSeconds(30), MinimumInterval);
        var timeout = section.GetDuration("timeout", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        var headers = section.GetSection("headers").GetChildren()
            .ToDictionary(h => h.Key, h => Header(section, h), StringComparer.OrdinalIgnoreCase);
        return new MonitoringSettings(
            HttpUrl(section, "status-url"), statusInterval, HttpUrl(section, "metadata-url"), metadataInterval, timeout, headers, RestoreSource(section));
    }

    private static string Header(IConfigurationSection section, IConfigurationSection header)
    {
        var value = header.Value ?? "";
        var valid = header.Key.All(c => c is > ' ' and < '\x7f' && !"()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            && value.All(c => c is '\t' or (>= ' ' and not '\x7f'));
        return valid ? value : throw section.InvalidValue("headers." + header.Key, "is not a valid HTTP header name and value");
    }

    private static Uri? HttpUrl(IConfigurationSection section, string key) => section[key] switch
    {
        null or "" => null,
        var text when Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) => url,
        var text => throw section.InvalidValue(key, $"\"{text}\" is not an http or https URL"),
    };

    private static string? RestoreSource(IConfigurationSection section)
    {
        var from = section["restore-from"] ?? "";
        if (from.Length == 0)
        {
            return null;
        }

        var valid = from.StartsWith("file:", StringComparison.Ordinal) && from.Length > "file:".Length
            || Uri.TryCreate(from, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
        return valid ? from : throw section.InvalidValue("restore-from", $"\"{from}\" is neither file:/path/to/metadata.json nor an http(s):// URL");
    }
}
