namespace Airwave.Streaming.Fanout;

/// <summary>What a <see cref="ListenerHandle"/> tells the session streaming its listener when the channel or the node stops or drops it.</summary>
/// <remarks>
/// Called directly, not through a cancellation token the session registers on: a listener that stays for hours would hold
/// a token source and a registration for each, about 0.2 KB. Calls may come from any thread, during a send or a step.
/// </remarks>
public interface IListenerControl
{
    /// <summary>The listener is to stop at its next chunk boundary (<see cref="ListenerHandle.IsStopping"/> is true already).</summary>
    void StopRequested();

    /// <summary>The listener is to end now, even in the middle of a send.</summary>
    void EndRequested();
}
