namespace Airwave.Node.Hosting;

/// <summary>
/// What a node holds exclusively, taken before it touches any data or joins a cluster: the lock on its data directory
/// first, then its listener and admin ports. Disposing releases whatever Kestrel has not taken over, and the lock.
/// </summary>
internal sealed class NodeReservation : IDisposable
{
    private NodeReservation(DataDirectoryLock dataDirectory, BoundPort listenerPort, BoundPort adminPort)
    {
        DataDirectory = dataDirectory;
        ListenerPort = listenerPort;
        AdminPort = adminPort;
    }

    public DataDirectoryLock DataDirectory { get; }

    public BoundPort ListenerPort { get; }

    public BoundPort AdminPort { get; }

    /// <exception cref="NodeStartRefusedException">The data directory is in use or a port is taken; nothing is held then.</exception>
    public static NodeReservation Take(NodeSettings settings)
    {
        var dataDirectory = DataDirectoryLock.Acquire(settings.DataDirectory);
        BoundPort? listenerPort = null;
        try
        {
            listenerPort = BoundPort.Bind(settings.HttpBind, settings.HttpPort, "airwave.http: listeners and sources");
            var adminPort = BoundPort.Bind(settings.AdminBind, settings.AdminPort, "airwave.admin: admin API");
            return new NodeReservation(dataDirectory, listenerPort, adminPort);
        }
        catch
        {
            listenerPort?.Dispose();
            dataDirectory.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        ListenerPort.Dispose();
        AdminPort.Dispose();
        DataDirectory.Dispose();
    }
}
