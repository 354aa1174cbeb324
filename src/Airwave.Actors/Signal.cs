namespace Airwave.Actors;

/// <summary>A notification from the kernel to an actor, kept apart from the actor's own message type.</summary>
public abstract record Signal;

/// <summary>A watched actor has fully stopped (or was already dead when watched).</summary>
/// <param name="Ref">The actor that stopped.</param>
public sealed record Terminated(IActorRef Ref) : Signal;

/// <summary>No user message arrived within the time set by <see cref="IActorContext{TMessage}.SetReceiveTimeout"/>.</summary>
public sealed record ReceiveTimeout : Signal
{
    /// <summary>The single instance.</summary>
    public static ReceiveTimeout Instance { get; } = new();

    private ReceiveTimeout()
    {
    }
}
