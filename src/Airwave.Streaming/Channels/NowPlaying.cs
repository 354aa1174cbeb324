using Airwave.Media.Icy;

namespace Airwave.Streaming.Channels;

/// <summary>The current title with its ICY metadata block encoded once, shared by every listener.</summary>
/// <param name="Title">StreamTitle.</param>
/// <param name="Url">StreamUrl, or null.</param>
/// <param name="Version">Increases with every change so listeners know when to send a new block.</param>
/// <param name="IcyBlock">Length byte plus padded payload, ready to write.</param>
public sealed record NowPlaying(string Title, string? Url, int Version, byte[] IcyBlock)
{
    /// <summary>Nothing playing yet.</summary>
    public static NowPlaying Empty { get; } = new("", null, 0, [0]);

    /// <summary>The next title, encoded in <paramref name="charset"/>.</summary>
    public NowPlaying Next(string title, string? url, IcyCharset charset) =>
        new(title, url, Version + 1, IcyMetadataEncoder.Encode(title, url, charset));
}
