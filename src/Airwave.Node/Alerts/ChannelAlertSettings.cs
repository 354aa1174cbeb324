using Airwave.Hocon.Values;
using Airwave.Streaming.Alerts;

namespace Airwave.Node.Alerts;

/// <summary>A channel's alert thresholds: <c>channels.&lt;name&gt;.alerts</c> over <c>channel-defaults.alerts</c> over <c>airwave.alerts</c>.</summary>
/// <param name="SourcelessAfter">A channel without its source this long fires <c>sourceless</c>; null: never.</param>
/// <param name="RelayLagAfter">A relay of the channel further behind its owner than this fires <c>relay-lag</c>; null: never.</param>
/// <param name="SilenceAfter">An MP3 channel whose audio stays below <see cref="AudioLevel.SilenceDbfs"/> this long fires <c>silence</c>; null: never.</param>
internal sealed record ChannelAlertSettings(TimeSpan? SourcelessAfter, TimeSpan? RelayLagAfter, TimeSpan? SilenceAfter)
{
    public const string Off = "off";

    public static ChannelAlertSettings Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

    // A relay is always up to a chunk (0.5 s by default) behind, plus the time a chunk takes to cross: less would fire while all is well.
    private static readonly TimeSpan MinimumRelayLag = TimeSpan.FromSeconds(1);

    /// <summary>Reads the thresholds of <paramref name="section"/> (<c>airwave.alerts</c> or a channel's <c>alerts</c>); a key unset or empty there keeps <paramref name="fallback"/>'s.</summary>
    /// <exception cref="FormatException">A value is neither a duration nor <c>off</c>.</exception>
    public static ChannelAlertSettings Read(IConfigurationSection section, ChannelAlertSettings fallback) => new(
        Threshold(section, "sourceless-after", fallback.SourcelessAfter, TimeSpan.Zero),
        Threshold(section, "relay-lag-after", fallback.RelayLagAfter, MinimumRelayLag),
        Threshold(section, "silence-after", fallback.SilenceAfter, TimeSpan.Zero));

    /// <summary>The thresholds of channel <paramref name="channel"/>, over the node's <paramref name="node"/>.</summary>
    public static ChannelAlertSettings ReadChannel(IConfiguration configuration, string channel, ChannelAlertSettings node) =>
        Read(configuration.GetSection("airwave:channels:" + channel + ":alerts"), Read(configuration.GetSection("airwave:channel-defaults:alerts"), node));

    private static TimeSpan? Threshold(IConfigurationSection section, string key, TimeSpan? fallback, TimeSpan minimum) => section[key] switch
    {
        null or "" => fallback,
        Off => null,
        _ => section.GetDuration(key, TimeSpan.Zero, minimum),
    };
}
