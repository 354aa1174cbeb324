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
    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    /// <summary>The Latin-1 characters <see cref="string.Trim()"/> removes: tab, line feed, vertical tab, form feed, carriage return, space, next line, no-break space.</summary>
    private static ReadOnlySpan<byte> Whitespace => [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0];

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

        // One copy: the head outlives the pipe's buffer, and its values become strings only when asked for.
        var bytes = head.ToArray();
        var text = bytes.AsSpan();
        var requestLineEnd = text.IndexOf(LineEnd);
        var requestLine = requestLineEnd < 0 ? text : text[..requestLineEnd];
        if (!TrySplitRequestLine(requestLine, out var methodBytes, out var pathBytes, out var protocolBytes)
            || Method(kind, methodBytes) is not { } method || !pathBytes.StartsWith("/"u8))
        {
            return SourceHeadResult.Fail(SourceHeadStatus.Malformed, $"malformed request line \"{Truncate(requestLine)}\"");
        }

        if (Protocol(kind, protocolBytes) is not { } protocol)
        {
            return SourceHeadResult.Fail(SourceHeadStatus.Malformed, $"unsupported protocol \"{Truncate(protocolBytes)}\"");
        }

        var fieldCount = requestLineEnd < 0 ? 0 : text[(requestLineEnd + LineEnd.Length)..].Count(LineEnd) + 1;
        if (fieldCount > MaxHeaderCount)
        {
            return SourceHeadResult.Fail(SourceHeadStatus.TooLarge, $"more than {MaxHeaderCount} header fields");
        }

        var fields = new HeaderField[fieldCount];
        var lineStart = requestLineEnd + LineEnd.Length;
        for (var i = 0; i < fieldCount; i++)
        {
            var rest = text[lineStart..];
            var length = rest.IndexOf(LineEnd);
            var line = length < 0 ? rest : rest[..length];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return SourceHeadResult.Fail(SourceHeadStatus.Malformed, $"malformed header line \"{Truncate(line)}\"");
            }

            var (nameStart, nameLength) = Trimmed(line[..colon], lineStart);
            var (valueStart, valueLength) = Trimmed(line[(colon + 1)..], lineStart + colon + 1);
            fields[i] = new HeaderField(nameStart, nameLength, valueStart, valueLength);
            lineStart += line.Length + LineEnd.Length;
        }

        var parsed = new SourceRequestHead(method, Encoding.Latin1.GetString(pathBytes), protocol, bytes, fields);
        if (kind == RequestHeadKind.Source && BodyFramingError(parsed) is { } framing)
        {
            return SourceHeadResult.Fail(SourceHeadStatus.Malformed, framing);
        }

        return new SourceHeadResult(SourceHeadStatus.Complete, parsed, reader.Consumed, null);
    }

    /// <summary>The request line's three words, separated by one or more spaces; false for any other number of words.</summary>
    private static bool TrySplitRequestLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> method, out ReadOnlySpan<byte> path, out ReadOnlySpan<byte> protocol)
    {
        method = NextWord(ref line);
        path = NextWord(ref line);
        protocol = NextWord(ref line);
        return !protocol.IsEmpty && NextWord(ref line).IsEmpty;
    }

    private static ReadOnlySpan<byte> NextWord(scoped ref ReadOnlySpan<byte> line)
    {
        line = line.TrimStart((byte)' ');
        var end = line.IndexOf((byte)' ');
        var word = end < 0 ? line : line[..end];
        line = line[word.Length..];
        return word;
    }

    /// <summary>Where <paramref name="part"/> lies in the head once the whitespace around it (as <see cref="string.Trim()"/> sees it in Latin-1) is gone.</summary>
    private static (int Start, int Length) Trimmed(ReadOnlySpan<byte> part, int offset)
    {
        var leading = part.Length - part.TrimStart(Whitespace).Length;
        return (offset + leading, part[leading..].TrimEnd(Whitespace).Length);
    }

    private static string? Method(RequestHeadKind kind, ReadOnlySpan<byte> method) => kind switch
    {
        RequestHeadKind.Source when method.SequenceEqual("PUT"u8) => "PUT",
        RequestHeadKind.Source when method.SequenceEqual("SOURCE"u8) => "SOURCE",
        RequestHeadKind.Listener when method.SequenceEqual("GET"u8) => "GET",
        RequestHeadKind.Listener when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ => null,
    };

    private static string? Protocol(RequestHeadKind kind, ReadOnlySpan<byte> protocol) =>
        protocol.SequenceEqual("HTTP/1.1"u8) ? "HTTP/1.1"
        : protocol.SequenceEqual("HTTP/1.0"u8) ? "HTTP/1.0"
        : kind == RequestHeadKind.Source && protocol.SequenceEqual("ICE/1.0"u8) ? "ICE/1.0"
        : null;

    /// <summary>Why a source's body length cannot be trusted (RFC 9112 §6), or null when it can.</summary>
    /// <remarks>
    /// The body is read until the connection closes unless it is chunked, so chunked must be the only transfer coding
    /// (chunked not last leaves the length undetermined, §6.1, and no other coding is decoded here), and a
    /// <c>Content-Length</c> must be digits (§6.3: anything else is faulty framing, answered 400). A request with both is
    /// refused too (§6.1 allows it), as a request that two readers could frame differently.
    /// </remarks>
    private static string? BodyFramingError(SourceRequestHead head)
    {
        var length = head.Header("Content-Length");
        var coding = head.Header("Transfer-Encoding");
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

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";

    private static string Truncate(ReadOnlySpan<byte> value) => Truncate(Encoding.Latin1.GetString(value));
}
