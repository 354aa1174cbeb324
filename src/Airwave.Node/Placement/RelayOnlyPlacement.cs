using Airwave.Streaming.Channels;

namespace Airwave.Node.Placement;

/// <summary>A slave-only cluster node's placement: no channel runs here; listeners are served from relays of the owners' feeds.</summary>
internal sealed class RelayOnlyPlacement : IChannelPlacement
{
    public static RelayOnlyPlacement Instance { get; } = new();

    /// <summary>Never raised: nothing is ever placed here.</summary>
    public event EventHandler? Changed
    {
        add { }
        remove { }
    }

    public bool IsLocal(string channelId) => false;
}
