using System.Globalization;

namespace Airwave.Streaming.Clips;

/// <summary>What a <c>Range</c> header asks of a resource of known length.</summary>
public enum ByteRangeKind
{
    /// <summary>No range, several (answered whole), or one that is not valid syntax or not in bytes (RFC 9110 §14.2 says to ignore those): send everything with 200.</summary>
    Whole,

    /// <summary>One satisfiable range: send it with 206.</summary>
    Partial,

    /// <summary>A valid range that no byte of the resource satisfies (it starts at or past the end, or is <c>-0</c>): answer 416 with <c>Content-Range: bytes */length</c>.</summary>
    Unsatisfiable,
}

/// <summary>A parsed single <c>Range: bytes=...</c> request (RFC 9110 §14): <c>a-b</c>, <c>a-</c> or <c>-n</c>.</summary>
/// <param name="Kind">What to answer.</param>
/// <param name="From">First byte (inclusive) when partial.</param>
/// <param name="To">Last byte (inclusive) when partial.</param>
public readonly record struct ByteRangeRequest(ByteRangeKind Kind, long From, long To)
{
    /// <summary>Bytes to send for a partial answer.</summary>
    public long Length => To - From + 1;

    /// <summary>Parses <paramref name="header"/> against a resource of <paramref name="length"/> bytes.</summary>
    /// <remarks>
    /// Only a syntactically valid range can be unsatisfiable: RFC 9110 §14.2 has an origin server ignore a Range in a unit
    /// it does not know, and §14.1.1 makes an <c>int-range</c> whose last position is before its first invalid, so those
    /// and any other text that is not <c>first-[last]</c> or <c>-suffix</c> get the whole resource instead of an error.
    /// </remarks>
    public static ByteRangeRequest Parse(string? header, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var whole = new ByteRangeRequest(ByteRangeKind.Whole, 0, length - 1);
        var unsatisfiable = new ByteRangeRequest(ByteRangeKind.Unsatisfiable, 0, 0);
        if (string.IsNullOrWhiteSpace(header))
        {
            return whole;
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return whole;
        }

        var spec = text["bytes=".Length..].Trim();
        if (spec.Contains(','))
        {
            return whole;
        }

        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // Suffix range: the last n bytes; -0 and any suffix of an empty resource are valid but select nothing.
            if (!TryNumber(last, out var suffix))
            {
                return whole;
            }

            if (suffix == 0 || length == 0)
            {
                return unsatisfiable;
            }

            return new ByteRangeRequest(ByteRangeKind.Partial, Math.Max(0, length - suffix), length - 1);
        }

        if (!TryNumber(first, out var from))
        {
            return whole;
        }

        var to = length - 1;
        if (!last.IsEmpty && (!TryNumber(last, out to) || to < from))
        {
            return whole;
        }

        return from >= length
            ? unsatisfiable
            : new ByteRangeRequest(ByteRangeKind.Partial, from, Math.Min(to, length - 1));
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
