namespace Airwave.Streaming.Relay;

/// <summary>What a <see cref="RelayActor"/> is told.</summary>
public abstract record RelayCommand;

/// <summary>Periodic check: connect when wanted, close when idle, drop listeners that fell behind.</summary>
public sealed record RelayTick : RelayCommand
{
    public static RelayTick Instance { get; } = new();
}

/// <summary>The running feed connection ended.</summary>
public sealed record RelayFeedEnded(RelayFeedEnd End, bool Cancelled) : RelayCommand;
