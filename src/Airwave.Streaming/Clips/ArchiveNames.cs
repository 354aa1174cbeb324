namespace Airwave.Streaming.Clips;

/// <summary>Checks names taken from request paths before they come near the archive, so no request can reach outside it.</summary>
public static class ArchiveNames
{
    /// <summary>True when <paramref name="name"/> tries to leave its directory: dot segments, slashes, backslashes (also %-encoded), drive letters, NULs.</summary>
    public static bool HasPathTricks(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Contains("..", StringComparison.Ordinal)
            || name.IndexOfAny(['/', '\\', ':', '\0']) >= 0
            || name.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || name.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || name.Contains("%2e", StringComparison.OrdinalIgnoreCase)
            || name.Contains("%00", StringComparison.Ordinal);
    }

    /// <summary>Reads an archive segment file name, <c>{mediaSequence}.{ext}</c>; false for anything else.</summary>
    public static bool TryParseSegment(string name, out long mediaSequence, out string extension)
    {
        ArgumentNullException.ThrowIfNull(name);
        mediaSequence = -1;
        extension = "";
        var dot = name.IndexOf('.');
        if (dot <= 0 || dot > 18 || name.AsSpan(0, dot).ContainsAnyExceptInRange('0', '9') || name.AsSpan(dot + 1).Length is 0 or > 4
            || !IsAlphanumeric(name.AsSpan(dot + 1)))
        {
            return false;
        }

        mediaSequence = long.Parse(name.AsSpan(0, dot), System.Globalization.CultureInfo.InvariantCulture);
        extension = name[dot..];
        return true;
    }

    /// <summary>True when every character is an ASCII letter or digit.</summary>
    public static bool IsAlphanumeric(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
