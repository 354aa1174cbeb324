using System.Buffers;
using System.Text;

namespace Airwave.Streaming.Sources;

/// <summary>Parses a source's or a listener's request head from the raw connection bytes, before Kestrel's HTTP parser sees them.</summary>
/// <remarks>
/// Kestrel cannot serve these requests itself: <c>SOURCE /live ICE/1.0</c> is not HTTP, and ffmpeg's <c>PUT</c>
/// carries neither <c>Content-Length</c> nor chunked encoding, so HTTP/1.1 would read its body as empty.
/// Listeners are read here so that they can be served without Kestrel's per-request objects.
/// </remarks>
public static class SourceRequestHeadParser
{
    /// <summary>Upper bound on the request head; a longer head is refused as hostile.</summary>
    public const int MaxHeadBytes = 16 * 1024;

    private const int MaxHeaderCount = 64;
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <summary>Classifies a connection by its first bytes: <c>PUT </c> or <c>SOURCE </c> start a source, <c>GET </c> or <c>HEAD </c> a possible listener.</summary>
    /// <param name="start">The first bytes received.</param>
    /// <param name="kind">Set when the verdict is known.</param>
    /// <returns>False while too few bytes have arrived to decide.</returns>
    public static bool TryClassify(ReadOnlySequence<byte> start, out RequestHeadKind kind)
    {
        Span<byte> prefix = stackalloc byte[7];
        var length = (int)Math.Min(start.Length, prefix.Length);
        start.Slice(0, length).CopyTo(prefix);
        prefix = prefix[..length];
        kind = prefix.StartsWith("SOURCE "u8) || prefix.StartsWith("PUT "u8) ? RequestHeadKind.Source
            : prefix.StartsWith("GET "u8) || prefix.StartsWith("HEAD "u8) ? RequestHeadKind.Listener
            : RequestHeadKind.Other;
        var undecided = kind == RequestHeadKind.Other
            && ("SOURCE "u8.StartsWith(prefix) || "PUT "u8.StartsWith(prefix) || "GET "u8.StartsWith(prefix) || "HEAD "u8.StartsWith(prefix));
        return !undecided;
    }

    /// <summary>Parses a complete source head (<c>PUT</c> or <c>SOURCE</c>) from <paramref name="buffer"/>.</summary>
    /// <returns>The outcome; on <see cref="SourceHeadStatus.Complete"/> the head and the bytes it used are set.</returns>
    public static SourceHeadResult Parse(ReadOnlySequence<byte> buffer) => ParseHead(buffer, RequestHeadKind.Source);

    /// <summary>Parses a complete listener head (<c>GET</c> or <c>HEAD</c> over HTTP/1.x) from <paramref name="buffer"/>.</summary>
    /// <returns>The outcome; on <see cref="SourceHeadStatus.Complete"/> the head and the bytes it used are set.</returns>
    public static SourceHeadResult ParseListener(ReadOnlySequence<byte> buffer) => ParseHead(buffer, RequestHeadKind.Listener);

    private static SourceHeadResult ParseHead(ReadOnlySequence<byte> buffer, RequestHeadKind kind)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd, advancePastDelimiter: true))
        {
            return buffer.Length > MaxHeadBytes
                ? SourceHeadResult.Fail(SourceHeadStatus.TooLarge, $"request head exceeds {MaxHeadBytes} bytes")
                : SourceHeadResult.NeedMore;
        }

        if (head.Length > MaxHeadBytes)
        {
            return SourceHeadResult.Fail(SourceHeadStatus.TooLarge, $"request head exceeds {MaxHeadBytes} bytes");
        }

        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requestLine.Length != 3 || !Accepts(kind, requestLine[0]) || !requestLine[1].StartsWith('/'))
        {
            return SourceHeadResult.Fail(SourceHeadStatus.Malformed, $"malformed request line \"{Truncate(lines[0])}\"");
        }

        var protocol = requestLine[2];
        if (protocol is not ("HTTP/1.1" or "HTTP/1.0") && (kind != RequestHeadKind.Source || protocol != "ICE/1.0"))
        {
            return SourceHeadResult.Fail(SourceHeadStatus.Malformed, $"unsupported protocol \"{Truncate(protocol)}\"");
        }

        if (lines.Length - 1 > MaxHeaderCount)
        {
            return SourceHeadResult.Fail(SourceHeadStatus.TooLarge, $"more than {MaxHeaderCount} header fields");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return SourceHeadResult.Fail(SourceHeadStatus.Malformed, $"malformed header line \"{Truncate(lines[i])}\"");
            }

            headers[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
        }

        var parsed = new SourceRequestHead(requestLine[0], requestLine[1], protocol, headers);
        return new SourceHeadResult(SourceHeadStatus.Complete, parsed, reader.Consumed, null);
    }

    private static bool Accepts(RequestHeadKind kind, string method) =>
        kind == RequestHeadKind.Source ? method is "PUT" or "SOURCE" : method is "GET" or "HEAD";

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
