using System.Globalization;

namespace Airwave.Node.Hosting;

/// <summary>
/// Finds which other process has a file or socket open, from <c>/proc/&lt;pid&gt;/fd</c> (Linux; processes of other users
/// are not visible), so that "in use" messages can say by whom.
/// </summary>
internal static class OpenFileHolders
{
    /// <summary>The pid of another process with an open descriptor whose target (a path, or <c>socket:[inode]</c>) matches; null when none is visible.</summary>
    public static int? Find(Func<string, bool> matches)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var process in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            foreach (var descriptor in SafeEnumerate(Path.Combine(process, "fd")))
            {
                if (LinkTarget(descriptor) is { } target && matches(target))
                {
                    return pid;
                }
            }
        }

        return null;
    }

    /// <summary>The inodes of the TCP sockets listening on <paramref name="port"/>, from <c>/proc/net/tcp</c> and <c>tcp6</c>.</summary>
    public static IReadOnlySet<string> ListeningSocketInodes(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode; 0A is LISTEN.
            foreach (var fields in lines.Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                if (fields.Length > 9 && fields[1].EndsWith(hexPort, StringComparison.Ordinal) && fields[3] == "0A")
                {
                    inodes.Add(fields[9]);
                }
            }
        }

        return inodes;
    }

    private static string[] SafeEnumerate(string directory)
    {
        try
        {
            return Directory.GetFileSystemEntries(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
