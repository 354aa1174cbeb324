using System.Globalization;

namespace Airwave.Streaming.TimeShift;

/// <summary>Parses a time of day as people write it: <c>13:00</c>, <c>09:15:30</c>, <c>9am</c>, <c>9:15 am</c>, <c>2:30PM</c>.</summary>
/// <remarks>
/// With am/pm the hour is 1–12 (<c>12am</c> is midnight, <c>12pm</c> is noon); without it the hour is 0–23 and
/// minutes are required, so a bare number like <c>13</c> is rejected as ambiguous.
/// </remarks>
internal static class WallClockTime
{
    public static bool TryParse(ReadOnlySpan<char> text, out TimeOnly time, out string? error)
    {
        time = default;
        text = text.Trim();
        var meridiem = Meridiem.None;
        if (text.EndsWith("am", StringComparison.OrdinalIgnoreCase))
        {
            meridiem = Meridiem.Am;
        }
        else if (text.EndsWith("pm", StringComparison.OrdinalIgnoreCase))
        {
            meridiem = Meridiem.Pm;
        }

        if (meridiem != Meridiem.None)
        {
            text = text[..^2].TrimEnd();
        }

        var parts = new Range[4];
        var count = text.Split(parts, ':');
        if (count is < 1 or > 3 || (meridiem == Meridiem.None && count == 1))
        {
            error = "expected a time of day like 13:00, 13:00:00, 9am or 2:30pm";
            return false;
        }

        if (!TryParseField(text[parts[0]], 1, 2, out var hour))
        {
            error = "the hour must be one or two digits";
            return false;
        }

        var minute = 0;
        var second = 0;
        if ((count > 1 && !TryParseField(text[parts[1]], 2, 2, out minute)) || (count > 2 && !TryParseField(text[parts[2]], 2, 2, out second)))
        {
            error = "minutes and seconds must be two digits, like 09:05 or 09:05:30";
            return false;
        }

        if (minute > 59 || second > 59)
        {
            error = "minutes and seconds must be 00 to 59";
            return false;
        }

        if (meridiem == Meridiem.None)
        {
            if (hour > 23)
            {
                error = "the hour must be 0 to 23 (or 1 to 12 with am/pm)";
                return false;
            }
        }
        else
        {
            if (hour is < 1 or > 12)
            {
                error = "with am/pm the hour must be 1 to 12 (12am is midnight, 12pm is noon)";
                return false;
            }

            hour = (hour % 12) + (meridiem == Meridiem.Pm ? 12 : 0);
        }

        time = new TimeOnly(hour, minute, second);
        error = null;
        return true;
    }

    private static bool TryParseField(ReadOnlySpan<char> field, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        return field.Length >= minDigits && field.Length <= maxDigits && !field.ContainsAnyExceptInRange('0', '9')
            && int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private enum Meridiem
    {
        None,
        Am,
        Pm,
    }
}
