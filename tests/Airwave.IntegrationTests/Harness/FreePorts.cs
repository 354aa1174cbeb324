using System.Net;
using System.Net.Sockets;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Loopback ports nobody listens on right now (bind to port 0, read it, release it).</summary>
internal static class FreePorts
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
