using System.Globalization;

namespace Airwave.Streaming.Clips;

/// <summary>What a <c>Range</c> header asks of a resource of known length.</summary>
public enum ByteRangeKind
{
    /// <summary>No range (or several, which are answered whole): send everything with 200.</summary>
    Whole,

    /// <summary>One satisfiable range: send it with 206.</summary>
    Partial,

    /// <summary>A malformed or unsatisfiable range: answer 416 with <c>Content-Range: bytes */length</c>.</summary>
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
    public static ByteRangeRequest Parse(string? header, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var whole = new ByteRangeRequest(ByteRangeKind.Whole, 0, length - 1);
        var bad = new ByteRangeRequest(ByteRangeKind.Unsatisfiable, 0, 0);
        if (string.IsNullOrWhiteSpace(header))
        {
            return whole;
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return bad;
        }

        var spec = text["bytes=".Length..].Trim();
        if (spec.Contains(','))
        {
            return whole;
        }

        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return bad;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // Suffix range: the last n bytes.
            if (!TryNumber(last, out var suffix) || suffix == 0 || length == 0)
            {
                return bad;
            }

            return new ByteRangeRequest(ByteRangeKind.Partial, Math.Max(0, length - suffix), length - 1);
        }

        if (!TryNumber(first, out var from) || from >= length)
        {
            return bad;
        }

        if (last.IsEmpty)
        {
            return new ByteRangeRequest(ByteRangeKind.Partial, from, length - 1);
        }

        return TryNumber(last, out var to) && to >= from
            ? new ByteRangeRequest(ByteRangeKind.Partial, from, Math.Min(to, length - 1))
            : bad;
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
