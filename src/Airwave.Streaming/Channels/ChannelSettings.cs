using Airwave.Media.Icy;
using Airwave.Streaming.Access;

namespace Airwave.Streaming.Channels;

/// <summary>What a channel is configured to be: <c>airwave.channel-defaults</c> overlaid with <c>airwave.channels.&lt;name&gt;</c>.</summary>
public sealed record ChannelSettings
{
    /// <summary>The channel's id, also its mount without the slash.</summary>
    public required string Name { get; init; }

    /// <summary>The mount path, <c>/</c> + <see cref="Name"/>.</summary>
    public string Mount => "/" + Name;

    /// <summary>Source password; empty means no source may push.</summary>
    public string Password { get; init; } = "";

    /// <summary>The key of the channel's listener tokens (<see cref="Access.ListenerToken"/>); empty means the channel takes none.</summary>
    public string TokenSecret { get; init; } = "";

    /// <summary>Networks allowed and denied, and whether listeners need a token.</summary>
    public ChannelAccess Access { get; init; } = ChannelAccess.Open;

    public int MaxListeners { get; init; } = 10_000;

    public long BurstSize { get; init; } = 64 * 1024;

    public long QueueSize { get; init; } = 512 * 1024;

    public TimeSpan Rewind { get; init; } = TimeSpan.FromHours(4);

    public TimeSpan ChunkDuration { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The shortest time between two sends to a listener at the live edge: what arrived meanwhile goes in one write. Zero
    /// sends each chunk as it arrives.
    /// </summary>
    public TimeSpan SendInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int MetadataInterval { get; init; } = 16_000;

    /// <summary>UTF-8 or ISO-8859-1: how titles are encoded in ICY metadata.</summary>
    public string MetadataCharset { get; init; } = "UTF-8";

    /// <summary><see cref="MetadataCharset"/> as the ICY encoder takes it.</summary>
    public IcyCharset IcyCharset =>
        MetadataCharset.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase) ? IcyCharset.Latin1 : IcyCharset.Utf8;

    public TimeSpan SourceTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Mount listeners move to when the source is lost; empty when they wait.</summary>
    public string FallbackMount { get; init; } = "";

    public TimeSpan SourceWait { get; init; } = TimeSpan.FromMinutes(5);

    public bool Public { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public string StreamName { get; init; } = "";

    public string Description { get; init; } = "";

    public string Genre { get; init; } = "";

    public string Url { get; init; } = "";

    /// <summary>An audio file looped in real time as the channel's source; empty for pushed channels.</summary>
    public string LoopFile { get; init; } = "";

    public TimeSpan DumpInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The upstreams to pull and how (<c>upstreams</c> and the failover keys); no upstreams for pushed channels.</summary>
    public Upstreams.PullSettings Pull { get; init; } = new();

    /// <summary>HLS segments are cut near multiples of this in UTC, so channels of a group stay aligned.</summary>
    public TimeSpan HlsSegmentDuration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How much the live and time-shifted HLS playlists list.</summary>
    public TimeSpan HlsLiveWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The renditions ffmpeg makes of this channel, each a channel of its own (<see cref="Rendition"/>).</summary>
    public IReadOnlyList<Transcoding.RenditionSettings> Renditions { get; init; } = [];

    /// <summary>What this channel is a rendition of, when it is one: its audio comes from a transcoder, never from a source.</summary>
    public Transcoding.RenditionSettings? Rendition { get; init; }

    /// <summary>
    /// The id whose shard this channel belongs to: its own, or for a rendition its source channel's, so that in a cluster
    /// a rendition always runs on the master that owns its source.
    /// </summary>
    public string PlacementKey => Rendition?.SourceChannel ?? Name;

    /// <summary>The settings of <paramref name="rendition"/>'s channel: this channel's, without a way for anyone but the transcoder to feed it.</summary>
    public ChannelSettings ForRendition(Transcoding.RenditionSettings rendition)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        return this with
        {
            Name = rendition.ChannelName,
            Password = "",
            LoopFile = "",
            Pull = new Upstreams.PullSettings(),
            StreamName = StreamName.Length > 0 ? $"{StreamName} ({rendition.Name})" : "",
            Renditions = [],
            Rendition = rendition,
        };
    }
}
