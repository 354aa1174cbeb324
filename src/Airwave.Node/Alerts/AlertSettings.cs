using System.Globalization;
using Airwave.Hocon.Values;
using MimeKit;

namespace Airwave.Node.Alerts;

/// <summary><c>airwave.alerts</c>: how often the node looks, the node-wide thresholds, and where alerts go.</summary>
/// <param name="CheckInterval">How often the node evaluates every condition.</param>
/// <param name="Channels">The channel thresholds every channel starts from.</param>
/// <param name="UpstreamFailovers">Failovers of a pulled channel within <paramref name="UpstreamFailoverWindow"/> that fire <c>upstream-failover</c>.</param>
/// <param name="UpstreamFailoverWindow">The window failovers are counted in.</param>
/// <param name="DiskPercent">The data directory's file system fuller than this (percent) fires <c>disk-full</c>.</param>
/// <param name="WebhookUrl">Where every transition is POSTed as JSON; null: nowhere.</param>
/// <param name="PagerDuty">PagerDuty Events v2; null: off.</param>
/// <param name="Smtp">E-mail; null: off.</param>
internal sealed record AlertSettings(
    TimeSpan CheckInterval,
    ChannelAlertSettings Channels,
    int UpstreamFailovers,
    TimeSpan UpstreamFailoverWindow,
    int DiskPercent,
    Uri? WebhookUrl,
    PagerDutySettings? PagerDuty,
    SmtpSettings? Smtp)
{
    /// <summary>PagerDuty's Events API v2 endpoint, used when <c>pagerduty.url</c> is empty.</summary>
    public static readonly Uri PagerDutyEvents = new("https://events.pagerduty.com/v2/enqueue");

    // Each check reads every channel, asks every upstream actor and statfs's the data directory: more often is work for nothing.
    private static readonly TimeSpan MinimumCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Reads <c>airwave.alerts</c>.</summary>
    /// <exception cref="FormatException">A value is malformed; the message names the key.</exception>
    public static AlertSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("airwave:alerts");
        return new AlertSettings(
            section.GetDuration("check-interval", TimeSpan.FromSeconds(5), MinimumCheckInterval),
            ChannelAlertSettings.Read(section, ChannelAlertSettings.Default),
            Whole(section, "upstream-failovers", 3, 1, int.MaxValue),
            section.GetDuration("upstream-failover-window", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1)),
            Whole(section, "disk-percent", 90, 1, 100),
            HttpUrl(section, "webhook-url"),
            section["pagerduty:routing-key"] is { Length: > 0 } routingKey
                ? new PagerDutySettings(HttpUrl(section, "pagerduty:url") ?? PagerDutyEvents, routingKey)
                : null,
            SmtpOf(section.GetSection("smtp")));
    }

    private static SmtpSettings? SmtpOf(IConfigurationSection smtp)
    {
        if (smtp["host"] is not { Length: > 0 } host)
        {
            return null;
        }

        // Named at host, the key the user did set: from and to are empty in reference.conf, where an error would point.
        if (smtp["from"] is not { Length: > 0 } sender)
        {
            throw smtp.InvalidValue("host", "is set, so smtp.from must be the sender's address");
        }

        var from = Mailbox(smtp, "from", sender);
        var list = smtp.GetSection("to");
        if (list.Value is { Length: > 0 } single)
        {
            throw smtp.InvalidValue("to", $"must be a list such as [\"ops@example.com\"], not \"{single}\"");
        }

        var to = list.GetChildren().Select(entry => Mailbox(list, entry.Key, entry.Value ?? "")).ToList();
        return to.Count > 0
            ? new SmtpSettings(host, Whole(smtp, "port", 25, 1, 65535), from, to)
            : throw smtp.InvalidValue("host", "is set, so smtp.to must name at least one address");
    }

    private static MailboxAddress Mailbox(IConfigurationSection section, string key, string text) =>
        MailboxAddress.TryParse(text, out var address)
            ? address
            : throw section.InvalidValue(key, $"\"{text}\" is not an e-mail address");

    private static Uri? HttpUrl(IConfigurationSection section, string key) => section[key] switch
    {
        null or "" => null,
        var text when Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) => url,
        var text => throw section.InvalidValue(key, $"\"{text}\" is not an http or https URL"),
    };

    private static int Whole(IConfigurationSection section, string key, int fallback, int min, int max) =>
        section[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw section.InvalidValue(key, $"must be a whole number from {min} to {max}, not \"{text}\"");
}
