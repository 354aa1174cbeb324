using Airwave.Media;

namespace Airwave.Streaming.Sources;

/// <summary>Who is feeding a channel and what it says about its stream (the <c>ice-*</c> headers of an Icecast source).</summary>
/// <param name="Id">Identifies this source connection for the channel.</param>
/// <param name="Remote">Where it comes from, for logs and status (address or file name).</param>
/// <param name="Format">The audio format the content type announced.</param>
/// <param name="UserAgent">The source client's user agent.</param>
public sealed record SourceDescriptor(Guid Id, string Remote, AudioFormat Format, string UserAgent)
{
    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public string Genre { get; init; } = "";

    public string Url { get; init; } = "";

    /// <summary>Bitrate in kbit/s as announced; 0 when unknown.</summary>
    public int Bitrate { get; init; }

    public bool Public { get; init; }

    /// <summary>Builds the descriptor from a parsed request head.</summary>
    public static SourceDescriptor FromHead(SourceRequestHead head, string remote, AudioFormat format) =>
        new(Guid.NewGuid(), remote, format, head.Header("User-Agent") ?? "")
        {
            Name = head.Header("ice-name") ?? head.Header("icy-name") ?? "",
            Description = head.Header("ice-description") ?? head.Header("icy-description") ?? "",
            Genre = head.Header("ice-genre") ?? head.Header("icy-genre") ?? "",
            Url = head.Header("ice-url") ?? head.Header("icy-url") ?? "",
            Bitrate = ParseBitrate(head.Header("ice-bitrate") ?? head.Header("icy-br") ?? AudioInfoBitrate(head.Header("ice-audio-info"))),
            Public = (head.Header("ice-public") ?? head.Header("icy-pub")) is "1" or "true" or "yes",
        };

    private static string? AudioInfoBitrate(string? audioInfo)
    {
        if (audioInfo is null)
        {
            return null;
        }

        foreach (var part in audioInfo.Split(';'))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && (pair[0].Trim() is "bitrate" or "ice-bitrate"))
            {
                return pair[1].Trim();
            }
        }

        return null;
    }

    private static int ParseBitrate(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var kbps) && kbps is > 0 and < 100_000 ? kbps : 0;
}
