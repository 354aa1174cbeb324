namespace Airwave.Node.Hosting;

/// <summary>
/// What a node holds exclusively, taken before it touches any data or joins a cluster: the lock on its data directory
/// first, then its listener and admin ports. Disposing releases whatever Kestrel has not taken over, and the lock.
/// </summary>
internal sealed class NodeReservation : IDisposable
{
    private NodeReservation(DataDirectoryLock dataDirectory, BoundPort listenerPort, BoundPort adminPort, BoundPort? tlsPort)
    {
        DataDirectory = dataDirectory;
        ListenerPort = listenerPort;
        AdminPort = adminPort;
        TlsPort = tlsPort;
    }

    public DataDirectoryLock DataDirectory { get; }

    public BoundPort ListenerPort { get; }

    public BoundPort AdminPort { get; }

    /// <summary>The TLS listener port (<c>airwave.tls.port</c>), null without one.</summary>
    public BoundPort? TlsPort { get; }

    /// <exception cref="NodeStartRefusedException">The data directory is in use or a port is taken; nothing is held then.</exception>
    public static NodeReservation Take(NodeSettings settings)
    {
        var dataDirectory = DataDirectoryLock.Acquire(settings.DataDirectory);
        BoundPort? listenerPort = null;
        BoundPort? adminPort = null;
        try
        {
            listenerPort = BoundPort.Bind(settings.HttpBind, settings.HttpPort, "airwave.http: listeners and sources");
            adminPort = BoundPort.Bind(settings.AdminBind, settings.AdminPort, "airwave.admin: admin API");
            var tlsPort = settings.Tls is { Port: > 0 } tls ? BoundPort.Bind(settings.HttpBind, tls.Port, "airwave.tls: listeners and sources over TLS") : null;
            return new NodeReservation(dataDirectory, listenerPort, adminPort, tlsPort);
        }
        catch
        {
            adminPort?.Dispose();
            listenerPort?.Dispose();
            dataDirectory.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        ListenerPort.Dispose();
        AdminPort.Dispose();
        TlsPort?.Dispose();
        DataDirectory.Dispose();
    }
}
