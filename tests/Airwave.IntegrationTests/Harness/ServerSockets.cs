using System.Globalization;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// The server's ends of given connections, from Linux's <c>/proc/net/tcp</c> and <c>tcp6</c> and the server's open
/// descriptors: what a client cannot see, such as a server that never closed a connection its client ended (left in
/// <c>CLOSE_WAIT</c>, 08, or, after a reset, still among its descriptors).
/// </summary>
internal static class ServerSockets
{
    public const string Established = "01";

    /// <summary>
    /// The state (as the kernel's two hex digits) of each socket whose local port is <paramref name="serverPort"/> and whose
    /// remote port is one of <paramref name="clientPorts"/>.
    /// </summary>
    public static IReadOnlyList<string> States(int serverPort, IReadOnlySet<int> clientPorts) =>
        [.. Sockets(serverPort, clientPorts).Select(fields => fields[3])];

    /// <summary>
    /// The bytes the server's end of the connection from <paramref name="clientPort"/> has queued and not yet had
    /// acknowledged (the kernel's <c>tx_queue</c>), or null if there is no such socket.
    /// </summary>
    public static int? SendQueue(int serverPort, int clientPort) =>
        Sockets(serverPort, new HashSet<int> { clientPort })
            .Select(fields => (int?)int.Parse(fields[4].Split(':')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>The kernel's inode numbers of the server's ends of the given connections, to find them among a process's files.</summary>
    public static IReadOnlySet<string> Inodes(int serverPort, IReadOnlySet<int> clientPorts) =>
        Sockets(serverPort, clientPorts).Select(fields => fields[9]).ToHashSet();

    /// <summary>
    /// How many of the sockets <paramref name="inodes"/> process <paramref name="pid"/> still has open. A connection reset
    /// by its client leaves the kernel's tables at once, whether or not the server has closed its descriptor; this sees the
    /// descriptor.
    /// </summary>
    public static int HeldBy(int pid, IReadOnlySet<string> inodes) =>
        new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
            .Select(Target)
            .Count(target => target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target["socket:[".Length..^1]));

    /// <summary>What a descriptor's link names, or null when the process closed it since the directory was listed.</summary>
    private static string? Target(FileSystemInfo descriptor)
    {
        try
        {
            return descriptor.LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The fields of each line of the kernel's tables for the server's ends of the given connections.</summary>
    private static IEnumerable<string[]> Sockets(int serverPort, IReadOnlySet<int> clientPorts) =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 9 && fields[1].Contains(':') && Port(fields[1]) == serverPort && clientPorts.Contains(Port(fields[2])));

    private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
