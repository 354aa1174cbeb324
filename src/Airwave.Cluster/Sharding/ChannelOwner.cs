namespace Airwave.Cluster.Sharding;

/// <summary>The master serving <paramref name="ChannelId"/>: its HTTP address (host:port) for relays, redirects and forwarded sources.</summary>
public sealed record ChannelOwner(string ChannelId, string HttpAddress);
