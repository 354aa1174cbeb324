namespace Airwave.Node.Icecast;

/// <summary>What is left of a listener-port connection once the requests served before Kestrel are done.</summary>
/// <param name="Listener">A stream request to serve on the raw connection, or null.</param>
/// <param name="Closed">True when nothing is left (the client closed, or a response ended the connection); false with no listener: Kestrel reads on.</param>
internal readonly record struct RawRoute(ListenerRequest? Listener, bool Closed)
{
    public static RawRoute Kestrel => new(null, Closed: false);

    public static RawRoute End => new(null, Closed: true);
}
