namespace Airwave.Streaming.Relay;

/// <summary>How a node relays channels owned by other nodes (<c>airwave.relay</c>).</summary>
public sealed record RelayOptions
{
    /// <summary>Close the feed this long after the channel's last listener left.</summary>
    public TimeSpan IdleCloseAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest rewind replica kept per channel; zero keeps as much as the channel's own rewind.</summary>
    public TimeSpan Replica { get; init; } = TimeSpan.Zero;

    /// <summary>How far behind the owner's live edge relayed live listeners play, paced, so an owner change does not silence them; zero: at live.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The cluster secret the feed requests carry.</summary>
    public required string Secret { get; init; }

    /// <summary>Finds the <c>host:port</c> of the node that owns a channel now, or null while it has none.</summary>
    public required Func<string, CancellationToken, Task<string?>> LocateOwner { get; init; }
}
