namespace Airwave.Streaming.Registry;

/// <summary>Journal event: a channel was added at runtime.</summary>
public sealed record ChannelAdded(RuntimeChannel Channel)
{
    public const string Manifest = "channel-registry.added.v1";
}

/// <summary>Journal event: a runtime-added channel was removed.</summary>
public sealed record ChannelRemoved(string Name)
{
    public const string Manifest = "channel-registry.removed.v1";
}
