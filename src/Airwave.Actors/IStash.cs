namespace Airwave.Actors;

/// <summary>Holds messages an actor cannot handle yet, to replay them ahead of the mailbox later.</summary>
/// <typeparam name="TMessage">The owning actor's message type.</typeparam>
public interface IStash<TMessage>
{
    /// <summary>Number of stashed messages.</summary>
    int Count { get; }

    /// <summary>Puts the message aside.</summary>
    void Stash(TMessage message);

    /// <summary>Replays all stashed messages, in stash order, before anything still in the mailbox.</summary>
    void UnstashAll();
}
