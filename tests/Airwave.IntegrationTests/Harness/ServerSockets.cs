using System.Globalization;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// The TCP states of a server's end of given connections, from Linux's <c>/proc/net/tcp</c> and <c>tcp6</c>: what a
/// client cannot see, such as a server that never closed a connection its client ended (left in <c>CLOSE_WAIT</c>, 08).
/// </summary>
internal static class ServerSockets
{
    public const string Established = "01";

    /// <summary>
    /// The state (as the kernel's two hex digits) of each socket whose local port is <paramref name="serverPort"/> and whose
    /// remote port is one of <paramref name="clientPorts"/>.
    /// </summary>
    public static IReadOnlyList<string> States(int serverPort, IReadOnlySet<int> clientPorts) =>
        [.. new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 3 && fields[1].Contains(':') && Port(fields[1]) == serverPort && clientPorts.Contains(Port(fields[2])))
            .Select(fields => fields[3])];

    private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
