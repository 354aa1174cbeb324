using System.Globalization;

namespace Airwave.IntegrationTests.Deployment;

/// <summary>
/// glibc's malloc arenas besides the main heap in a running process, read from <c>/proc/PID/maps</c>: each is a 64 MiB
/// reservation on a 64 MiB boundary, committed from its start as it grows, so one or more adjacent anonymous mappings from
/// that boundary that span 64 MiB.
/// </summary>
internal static class MallocArenas
{
    private const ulong Size = 64UL << 20;

    public static int Count(int pid)
    {
        var anonymous = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 5 || fields[5].Trim().Length == 0)
            .Select(fields => fields[0].Split('-'))
            .Select(range => (Start: Hex(range[0]), End: Hex(range[1])))
            .ToList();
        var arenas = 0;
        for (var i = 0; i < anonymous.Count; i++)
        {
            var (start, end) = anonymous[i];
            if (start % Size != 0)
            {
                continue;
            }

            while (end - start < Size && i + 1 < anonymous.Count && anonymous[i + 1].Start == end)
            {
                end = anonymous[++i].End;
            }

            if (end - start == Size)
            {
                arenas++;
            }
        }

        return arenas;
    }

    private static ulong Hex(string digits) => ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
