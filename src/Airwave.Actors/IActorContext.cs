using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Airwave.Actors;

/// <summary>What an actor may do to itself and its children; only valid on the actor's own turn.</summary>
/// <typeparam name="TMessage">The message type of the actor.</typeparam>
public interface IActorContext<TMessage>
{
    /// <summary>This actor's own ref.</summary>
    IActorRef<TMessage> Self { get; }

    /// <summary>The parent (a guardian for top-level actors).</summary>
    IActorRef Parent { get; }

    /// <summary>The system the actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>A logger named after the actor's type.</summary>
    ILogger Log { get; }

    /// <summary>Keyed timers that send messages to this actor; all cancelled on restart and stop.</summary>
    ITimerScheduler<TMessage> Timers { get; }

    /// <summary>Messages put aside until the actor is ready for them.</summary>
    IStash<TMessage> Stash { get; }

    /// <summary>The live children.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>Creates a child named <paramref name="name"/>, unique among live siblings.</summary>
    IActorRef<TChild> Spawn<TChild>(Props<TChild> props, string name);

    /// <summary>Creates a child with a generated name.</summary>
    IActorRef<TChild> Spawn<TChild>(Props<TChild> props);

    /// <summary>The live child with that name, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>Stops a child (after its own children) or, given <see cref="Self"/>, this actor.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Stop is the established actor vocabulary.")]
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> to this actor once <paramref name="target"/> has stopped.</summary>
    void Watch(IActorRef target);

    /// <summary>Cancels a watch; no <see cref="Terminated"/> arrives for that target afterwards.</summary>
    void Unwatch(IActorRef target);

    /// <summary>Sends <see cref="ReceiveTimeout"/> after this long without messages; null switches it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);
}
