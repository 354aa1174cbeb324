using System.Globalization;
using System.Net;
using Airwave.Hocon.Values;
using Airwave.Streaming.Access;
using Microsoft.Extensions.Configuration;

namespace Airwave.Streaming.Channels;

/// <summary>Reads channel settings from configuration: <c>airwave.channel-defaults</c> overlaid with <c>airwave.channels.&lt;name&gt;</c>.</summary>
public static class ChannelSettingsReader
{
    /// <summary>The key of the template section in <c>channels</c>, which is not a channel.</summary>
    public const string TemplateKey = "*";

    // The shortest values that still work (hocon/reference.conf): below them a channel drops its sources, rewrites its dump or
    // cuts chunks and segments so often that it does little else.
    private static readonly TimeSpan MinimumRewind = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinimumChunkDuration = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MinimumSourceTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinimumDumpInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinimumHlsDuration = TimeSpan.FromSeconds(1);

    // Longer holds a live listener's audio back for longer than players buffer at their start.
    private static readonly TimeSpan MaximumSendInterval = TimeSpan.FromSeconds(5);

    /// <summary>Every configured channel, each followed by the channels of its renditions.</summary>
    /// <exception cref="FormatException">A value is malformed, or a rendition's mount is taken by a configured channel.</exception>
    public static IReadOnlyList<ChannelSettings> ReadAll(IConfiguration configuration)
    {
        var sections = configuration.GetSection("airwave:channels").GetChildren().Where(section => section.Key != TemplateKey).ToList();
        var names = sections.Select(section => section.Key).ToHashSet(StringComparer.Ordinal);
        var all = new List<ChannelSettings>();
        foreach (var section in sections)
        {
            var channel = Read(configuration, section.Key);
            all.Add(channel);
            foreach (var rendition in channel.Renditions)
            {
                if (!names.Add(rendition.ChannelName))
                {
                    throw section.InvalidValue(
                        "renditions", $"rendition {rendition.Name} is served at /{rendition.ChannelName}, which is already a channel; rename the rendition or the channel");
                }

                all.Add(channel.ForRendition(rendition));
            }
        }

        return all;
    }

    /// <summary>The settings of channel <paramref name="name"/> (defaults only when it has no section).</summary>
    /// <exception cref="FormatException">A value is malformed; the message names the key.</exception>
    public static ChannelSettings Read(IConfiguration configuration, string name)
    {
        var defaults = configuration.GetSection("airwave:channel-defaults");
        var own = configuration.GetSection("airwave:channels:" + name);
        string Text(string key) => own[key] ?? defaults[key] ?? "";
        IConfigurationSection Holder(string key) => own[key] is not null ? own : defaults;

        return new ChannelSettings
        {
            Name = name,
            Password = Text("password"),
            TokenSecret = TokenSecret(Holder("token-secret")),
            Access = AccessOf(own, defaults),
            MaxListeners = Int(Holder("max-listeners"), "max-listeners", 10_000),
            BurstSize = Holder("burst-size").GetBytes("burst-size", 64 * 1024),
            QueueSize = Holder("queue-size").GetBytes("queue-size", 512 * 1024),
            Rewind = Holder("rewind").GetDuration("rewind", TimeSpan.FromHours(4), MinimumRewind),
            ChunkDuration = Holder("chunk-duration").GetDuration("chunk-duration", TimeSpan.FromMilliseconds(500), MinimumChunkDuration),
            SendInterval = Holder("send-interval").GetDuration(
                "send-interval",
                TimeSpan.FromSeconds(1),
                TimeSpan.Zero,
                MaximumSendInterval,
                "players at the live edge would wait that long for audio; 1s halves the writes of 500ms chunks, 0 sends each chunk at once"),
            MetadataInterval = Int(Holder("metadata-interval"), "metadata-interval", 16_000),
            MetadataCharset = Text("metadata-charset") is { Length: > 0 } charset ? charset : "UTF-8",
            SourceTimeout = Holder("source-timeout").GetDuration("source-timeout", TimeSpan.FromSeconds(10), MinimumSourceTimeout),
            FallbackMount = NormalizeMount(Text("fallback-mount")),
            SourceWait = Holder("source-wait").GetDuration("source-wait", TimeSpan.FromMinutes(5), TimeSpan.Zero),
            Public = Bool(Holder("public"), "public"),
            TimeZone = Zone(Holder("time-zone"), "time-zone"),
            StreamName = Text("name"),
            Description = Text("description"),
            Genre = Text("genre"),
            Url = Text("url"),
            LoopFile = Text("loop-file"),
            DumpInterval = Holder("dump-interval").GetDuration("dump-interval", TimeSpan.FromMinutes(1), MinimumDumpInterval),
            Pull = Upstreams.PullSettingsReader.Read(own, defaults),
            HlsSegmentDuration = Holder("hls:segment-duration").GetDuration("hls:segment-duration", TimeSpan.FromSeconds(6), MinimumHlsDuration),
            HlsLiveWindow = Holder("hls:live-window").GetDuration("hls:live-window", TimeSpan.FromMinutes(2), MinimumHlsDuration),
            Renditions = Renditions(own, defaults, name),
        };
    }

    /// <summary>
    /// Renditions are the channel's own: channel-defaults cannot carry them, since mounts created by sources and channels
    /// added through the admin API have no renditions started for them.
    /// </summary>
    private static IReadOnlyList<Transcoding.RenditionSettings> Renditions(IConfigurationSection own, IConfigurationSection defaults, string name) =>
        defaults.GetSection("renditions").GetChildren().Any()
            ? throw defaults.InvalidValue("renditions", "renditions belong to a channel: declare them in channels.<name>.renditions, not in channel-defaults")
            : Transcoding.RenditionSettingsReader.Read(own.GetSection("renditions"), name);

    private static string TokenSecret(IConfigurationSection section)
    {
        var secret = section["token-secret"] ?? "";
        return secret.Length is 0 or >= ListenerToken.MinimumSecretLength
            ? secret
            : throw section.InvalidValue(
                "token-secret", $"is {secret.Length} characters; use at least {ListenerToken.MinimumSecretLength} (e.g. the output of `openssl rand -hex 32`), or \"\" for no listener tokens");
    }

    private static ChannelAccess AccessOf(IConfigurationSection own, IConfigurationSection defaults)
    {
        IConfigurationSection Holder(string key) => own.GetSection(key).Exists() || own[key] is not null ? own : defaults;
        var requireToken = Bool(Holder("require-token"), "require-token");
        if (requireToken && TokenSecret(Holder("token-secret")).Length == 0)
        {
            throw Holder("require-token").InvalidValue("require-token", "needs a token-secret to check tokens with: set token-secret (e.g. the output of `openssl rand -hex 32`) beside it");
        }

        var access = new ChannelAccess(Networks(Holder("allow"), "allow"), Networks(Holder("deny"), "deny"), requireToken);
        return access.IsOpen ? ChannelAccess.Open : access;
    }

    private static List<IPNetwork> Networks(IConfigurationSection holder, string key)
    {
        var list = holder.GetSection(key);
        if (list.Value is { Length: > 0 } single)
        {
            throw holder.InvalidValue(key, $"must be a list such as [\"10.0.0.0/8\", \"192.0.2.7\"], not \"{single}\"");
        }

        return list.GetChildren().Select(entry => Network(list, entry.Key, entry.Value ?? "")).ToList();
    }

    private static IPNetwork Network(IConfigurationSection list, string index, string text)
    {
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        // A single address is the network of just that address.
        return IPAddress.TryParse(text, out var address) && ChannelAccess.Normalize(address) is var single
            ? new IPNetwork(single, single.GetAddressBytes().Length * 8)
            : throw list.InvalidValue(index, $"\"{text}\" is not an address or a network in CIDR notation (10.0.0.0/8, 2001:db8::/32, 192.0.2.7)");
    }

    private static string NormalizeMount(string mount) => mount.Length == 0 || mount.StartsWith('/') ? mount : "/" + mount;

    private static int Int(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw section.InvalidValue(key, $"must be a non-negative whole number, not \"{text}\"");
    }

    private static bool Bool(IConfigurationSection section, string key) => section.GetSwitch(key, false);

    private static TimeZoneInfo Zone(IConfigurationSection section, string key)
    {
        var id = section[key] ?? "";
        if (id.Length == 0)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw section.InvalidValue(key, $"\"{id}\" is not a known time zone (use an IANA name such as Europe/Berlin)");
        }
    }
}
