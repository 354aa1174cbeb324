using System.Globalization;
using Airwave.Streaming.TimeShift;

namespace Airwave.Streaming.Clips;

/// <summary>DRR's download name <c>{mount}-YYYYMMDDHHMM_MINUTES.{ext}</c>: a clip of MINUTES minutes from a station-time start.</summary>
/// <param name="Mount">The channel's mount name, without slash.</param>
/// <param name="LocalStart">Start in the station's time zone (unspecified kind).</param>
/// <param name="Minutes">Length in minutes.</param>
/// <param name="Extension">The file extension asked for, with its dot (<c>.mp3</c>).</param>
public sealed record DrrClipName(string Mount, DateTime LocalStart, int Minutes, string Extension)
{
    /// <summary>Reads <paramref name="name"/> (the last path segment); false when it is not a DRR name.</summary>
    public static bool TryParse(string? name, out DrrClipName? clip)
    {
        clip = null;
        if (name is null)
        {
            return false;
        }

        var dot = name.LastIndexOf('.');
        var dash = dot < 0 ? -1 : name.LastIndexOf('-', dot);
        if (dash <= 0 || dot - dash < 15 || name[dash + 13] != '_')
        {
            return false;
        }

        var stamp = name.AsSpan(dash + 1, 12);
        var minutes = name.AsSpan(dash + 14, dot - dash - 14);
        var extension = name[dot..];
        if (!DateTime.TryParseExact(stamp, "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || minutes.Length is 0 or > 5
            || !int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count == 0
            || extension.Length < 2
            || !ArchiveNames.IsAlphanumeric(extension.AsSpan(1)))
        {
            return false;
        }

        clip = new DrrClipName(name[..dash], DateTime.SpecifyKind(start, DateTimeKind.Unspecified), count, extension);
        return true;
    }

    /// <summary>The start as a UTC instant, reading <see cref="LocalStart"/> in <paramref name="stationZone"/> (the earlier instant when the clock read it twice).</summary>
    public DateTime StartUtc(TimeZoneInfo stationZone) => StationClock.Earliest(LocalStart, stationZone).UtcDateTime;

    /// <summary>The clip's length.</summary>
    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);
}
