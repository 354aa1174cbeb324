using Airwave.Streaming.Upstreams;

namespace Airwave.Channels.Registry;

/// <summary>A channel added through the admin API: its name, source password and upstreams; every other setting comes from channel-defaults.</summary>
/// <param name="Name">Channel id and mount name.</param>
/// <param name="Password">Source password; empty when only pulled.</param>
/// <param name="Upstreams">Upstreams to pull, in order; empty for a pushed channel.</param>
/// <param name="OnDemand">Pull only while someone listens.</param>
public sealed record RuntimeChannel(string Name, string Password, IReadOnlyList<UpstreamSettings> Upstreams, bool OnDemand);
