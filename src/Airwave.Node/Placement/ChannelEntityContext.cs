namespace Airwave.Node.Placement;

/// <summary>What every channel entity of a master shares: its HTTP address, the directory's answers and the log.</summary>
/// <param name="HttpAddress">host:port of this master's HTTP port, where the channels it owns are served.</param>
/// <param name="Exists">True while a channel is configured, added at runtime or running here.</param>
/// <param name="Settle">Stops the channels no longer placed here and returns once they stopped (the directory's).</param>
/// <param name="HandOffTimeout">How long a handoff waits for the channel to stop before the entity stops anyway.</param>
/// <param name="Log">Where entities say why they stop.</param>
internal sealed record ChannelEntityContext(string HttpAddress, Func<string, bool> Exists, Func<CancellationToken, Task> Settle, TimeSpan HandOffTimeout, ILogger Log);
