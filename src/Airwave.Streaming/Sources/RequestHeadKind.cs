namespace Airwave.Streaming.Sources;

/// <summary>What the first bytes of a connection on the listener port ask for.</summary>
public enum RequestHeadKind
{
    /// <summary>Anything else: Kestrel serves it.</summary>
    Other,

    /// <summary>A source request (<c>PUT</c> or <c>SOURCE</c>).</summary>
    Source,

    /// <summary>A <c>GET</c> or <c>HEAD</c>, which may be a listener the node serves itself.</summary>
    Listener,
}
