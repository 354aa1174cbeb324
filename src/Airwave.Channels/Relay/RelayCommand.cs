using Airwave.Streaming.Relay;
namespace Airwave.Channels.Relay;

/// <summary>What a <see cref="RelayActor"/> is told.</summary>
public abstract record RelayCommand;

/// <summary>Periodic check: connect when wanted, close when idle, drop listeners that fell behind.</summary>
public sealed record RelayTick : RelayCommand
{
    public static RelayTick Instance { get; } = new();
}

/// <summary>The running feed connection ended.</summary>
public sealed record RelayFeedEnded(RelayFeedEnd End, bool Cancelled) : RelayCommand;

/// <summary>Close the feed, then stop; the way a relay is stopped (<c>GracefulStop</c>).</summary>
public sealed record StopRelay : RelayCommand
{
    public static StopRelay Instance { get; } = new();
}
