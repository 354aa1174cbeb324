using Airwave.Hocon.Values;

namespace Airwave.Node.ChannelList;

/// <summary><c>airwave.channels-from</c> and <c>airwave.channels-from-interval</c>: where the channel list is and how often it is reconciled.</summary>
/// <param name="From">A <c>file:</c> path or an <c>http(s)://</c> URL.</param>
/// <param name="Interval">Time between two reconciliations.</param>
internal sealed record ChannelListSettings(string From, TimeSpan Interval)
{
    /// <summary>The settings, or null when no list is configured.</summary>
    /// <exception cref="ConfigurationValueException">The location or the interval is malformed; the message names the key.</exception>
    public static ChannelListSettings? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("airwave");
        var from = section["channels-from"] ?? "";
        var interval = section.GetDuration("channels-from-interval", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        if (from.Length == 0)
        {
            return null;
        }

        var valid = from.StartsWith("file:", StringComparison.Ordinal) && from.Length > "file:".Length
            || Uri.TryCreate(from, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
        return valid
            ? new ChannelListSettings(from, interval)
            : throw section.InvalidValue("channels-from", $"\"{from}\" is neither file:/path/to/channels.json nor an http(s):// URL");
    }
}
