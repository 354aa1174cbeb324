using System.Text.Json;
using Airwave.Streaming.Channels;

namespace Airwave.Streaming.Relay;

/// <summary>What a relay mirrors besides chunks: the stream description, the current title and whether the owner has a source.</summary>
public sealed record FeedState(StreamInfo? Stream, string Title, string? Url, int MetadataVersion, SourceState Source)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The state of <paramref name="channel"/> now.</summary>
    public static FeedState Of(LiveChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var playing = channel.NowPlaying;
        return new FeedState(channel.Stream, playing.Title, playing.Url, playing.Version, channel.Source);
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Parses a state frame's body; null when it is not a valid state.</summary>
    public static FeedState? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<FeedState>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
