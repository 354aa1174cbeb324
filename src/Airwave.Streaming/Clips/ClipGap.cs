using System.Globalization;

namespace Airwave.Streaming.Clips;

/// <summary>A stretch of a requested window for which neither the archive nor the rewind buffer holds audio.</summary>
public readonly record struct ClipGap(DateTime FromUtc, DateTime ToUtc)
{
    /// <summary>ISO-8601 interval form, <c>2026-11-21T09:00:00.000Z/2026-11-21T09:05:00.000Z</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{FromUtc:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}/{ToUtc:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}");
}
