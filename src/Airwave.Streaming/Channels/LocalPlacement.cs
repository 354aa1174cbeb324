namespace Airwave.Streaming.Channels;

/// <summary>The standalone placement: every channel is local, always.</summary>
public sealed class LocalPlacement : IChannelPlacement
{
    /// <summary>The one instance.</summary>
    public static LocalPlacement Instance { get; } = new();

    private LocalPlacement()
    {
    }

    /// <summary>Never raised: nothing ever moves.</summary>
    public event EventHandler? Changed
    {
        add { }
        remove { }
    }

    public bool IsLocal(string channelId) => true;
}
