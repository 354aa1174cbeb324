using System.Net;
using System.Net.Sockets;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Loopback ports nobody listens on right now, handed out from below the kernel's ephemeral port range.</summary>
/// <remarks>
/// A port is handed out seconds before its server binds it: a node's configuration names it before the node starts. A
/// port of the ephemeral range (32768–60999 on Linux) may meanwhile become the local port of any outgoing connection,
/// and the tests open thousands, so the bind then failed with "Address already in use" (an alert receiver's, in CI).
/// Below that range a port is only ever taken by a bind. The walk starts at a random port, so two suites on one machine
/// do not hand out the same ports in step, and skips any port that is bound now.
/// </remarks>
internal static class FreePorts
{
    private const int First = 20_000;
    private const int Count = 12_000;
    private static int next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var tried = 0; tried < Count; tried++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no loopback port between {First} and {First + Count - 1} is free");
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
