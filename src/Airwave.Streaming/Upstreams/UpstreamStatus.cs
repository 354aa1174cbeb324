namespace Airwave.Streaming.Upstreams;

/// <summary>One upstream's health as <c>GET /api/channels/{id}/upstreams</c> shows it.</summary>
/// <param name="Index">Position in the failover list.</param>
/// <param name="Url">The upstream URL.</param>
/// <param name="Type">Configured type.</param>
/// <param name="Detected">What it turned out to serve (after sniffing), or null before the first connection.</param>
/// <param name="State">Idle, connecting, streaming, backoff or failed.</param>
/// <param name="Active">True for the upstream the channel uses now.</param>
/// <param name="Preferred">True for the upstream the channel fails back to.</param>
/// <param name="LastError">The last failure, or null.</param>
/// <param name="LastErrorUtc">When it happened.</param>
/// <param name="Bytes">Bytes received over all connections.</param>
/// <param name="Connections">Connections opened.</param>
/// <param name="Reconnects">Connections opened after the first.</param>
/// <param name="Failures">Failed attempts in total.</param>
/// <param name="ConnectedUtc">When the current connection started streaming, or null.</param>
/// <param name="EstimatedKbps">Bitrate measured from bytes over time on the current connection (0 before enough data).</param>
public sealed record UpstreamStatus(
    int Index,
    string Url,
    string Type,
    string? Detected,
    string State,
    bool Active,
    bool Preferred,
    string? LastError,
    DateTime? LastErrorUtc,
    long Bytes,
    long Connections,
    long Reconnects,
    long Failures,
    DateTime? ConnectedUtc,
    int EstimatedKbps);
