using System.Text;

namespace Airwave.Streaming.Sources;

/// <summary>Adds a header line to a raw request head and keeps every other byte as the client sent it, for a node that passes a request on.</summary>
public static class RequestHeadRewriter
{
    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    /// <summary>A copy of <paramref name="head"/> with <c>name: value</c> right after the request line.</summary>
    /// <param name="head">A complete request head as received, its request line ended by CRLF.</param>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value; Latin-1, as the head is read.</param>
    /// <exception cref="ArgumentException">The head has no request line, or the name or value would break the head.</exception>
    public static byte[] InsertHeaderLine(ReadOnlySpan<byte> head, string name, string value)
    {
        var requestLineEnd = head.IndexOf(LineEnd);
        if (requestLineEnd < 0)
        {
            throw new ArgumentException("the head has no CRLF-terminated request line", nameof(head));
        }

        if (name.Length == 0 || name.AsSpan().IndexOfAny(":\r\n ") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"\"{name}: {value}\" is not a single header line", nameof(name));
        }

        var split = requestLineEnd + LineEnd.Length;
        var line = $"{name}: {value}\r\n";
        var rewritten = new byte[head.Length + Encoding.Latin1.GetByteCount(line)];
        head[..split].CopyTo(rewritten);
        var written = split + Encoding.Latin1.GetBytes(line, rewritten.AsSpan(split));
        head[split..].CopyTo(rewritten.AsSpan(written));
        return rewritten;
    }
}
