using System.Buffers;
using Airwave.Media.Framing;
using Airwave.Media.Ts;

namespace Airwave.Streaming.Upstreams;

/// <summary>Tells what an upstream serves from its Content-Type and first bytes: HLS playlist, MPEG-TS or MP3/AAC audio.</summary>
public static class UpstreamSniffer
{
    /// <summary>Bytes worth reading before deciding (a few TS packets, several audio frames).</summary>
    public const int SniffBytes = 4096;

    /// <summary>The type, or null when it is none of them (the reason says what it looks like instead).</summary>
    public static UpstreamType? Sniff(string? contentType, ReadOnlySpan<byte> head, out string reason)
    {
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        reason = "";
        if (media is "application/vnd.apple.mpegurl" or "application/x-mpegurl" or "audio/mpegurl" or "audio/x-mpegurl" || StartsWithPlaylist(head))
        {
            return UpstreamType.Hls;
        }

        if (TsSync.LooksLikeTransportStream(head))
        {
            return UpstreamType.Ts;
        }

        if (IsAudio(head))
        {
            return UpstreamType.Icecast;
        }

        reason = media is "text/html" || StartsWithMarkup(head)
            ? $"upstream answered an HTML page ({Describe(media)}) instead of a stream"
            : $"upstream answered {Describe(media)} that is neither audio, MPEG-TS nor an HLS playlist";
        return null;
    }

    /// <summary>True when the bytes start like an m3u8 playlist.</summary>
    public static bool StartsWithPlaylist(ReadOnlySpan<byte> head)
    {
        var text = TrimStart(head);
        return text.StartsWith("#EXTM3U"u8);
    }

    private static bool StartsWithMarkup(ReadOnlySpan<byte> head)
    {
        var text = TrimStart(head);
        return !text.IsEmpty && text[0] == (byte)'<';
    }

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        return head.TrimStart(" \t\r\n"u8);
    }

    private static bool IsAudio(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("ID3"u8))
        {
            return true;
        }

        var framer = new AudioFramer(new AudioFramerOptions { RequiredConsecutiveFrames = 2 });
        var buffer = new ReadOnlySequence<byte>(head.ToArray());
        return framer.Read(ref buffer, isCompleted: true, out _) == AudioFramerStatus.Frame;
    }

    private static string Describe(string media) => media.Length == 0 ? "content without a type" : media;
}
