using System.Buffers;
using System.Globalization;
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

            var name = lines[i][..colon].Trim();
            var value = lines[i][(colon + 1)..].Trim();
            // Repeated framing fields are one list (RFC 9110 §5.3), so a second Content-Length or Transfer-Encoding
            // line cannot hide behind the first; other fields keep the last value.
            headers[name] = IsFramingField(name) && headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        if (kind == RequestHeadKind.Source && BodyFramingError(headers) is { } framing)
        {
            return SourceHeadResult.Fail(SourceHeadStatus.Malformed, framing);
        }

        var parsed = new SourceRequestHead(requestLine[0], requestLine[1], protocol, headers);
        return new SourceHeadResult(SourceHeadStatus.Complete, parsed, reader.Consumed, null);
    }

    /// <summary>Why a source's body length cannot be trusted (RFC 9112 §6), or null when it can.</summary>
    /// <remarks>
    /// The body is read until the connection closes unless it is chunked, so chunked must be the only transfer coding
    /// (chunked not last leaves the length undetermined, §6.1, and no other coding is decoded here), and a
    /// <c>Content-Length</c> must be digits (§6.3: anything else is faulty framing, answered 400). A request with both is
    /// refused too (§6.1 allows it), as a request that two readers could frame differently.
    /// </remarks>
    private static string? BodyFramingError(Dictionary<string, string> headers)
    {
        var length = headers.GetValueOrDefault("Content-Length");
        var coding = headers.GetValueOrDefault("Transfer-Encoding");
        if (length is not null && coding is not null)
        {
            return "Content-Length and Transfer-Encoding together: send one of them";
        }

        if (coding is not null)
        {
            var codings = coding.Split(',', StringSplitOptions.TrimEntries);
            if (!string.Equals(codings[^1], "chunked", StringComparison.OrdinalIgnoreCase))
            {
                return $"Transfer-Encoding \"{Truncate(coding)}\" does not end with chunked, so the body has no length";
            }

            if (codings.Length > 1)
            {
                return $"Transfer-Encoding \"{Truncate(coding)}\" is not supported: only chunked alone";
            }
        }

        if (length is not null && (length.Length == 0 || !length.All(char.IsAsciiDigit) || !long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return $"Content-Length \"{Truncate(length)}\" is not a number of bytes";
        }

        return null;
    }

    private static bool IsFramingField(string name) =>
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase);

    private static bool Accepts(RequestHeadKind kind, string method) =>
        kind == RequestHeadKind.Source ? method is "PUT" or "SOURCE" : method is "GET" or "HEAD";

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
