namespace Airwave.Actors;

/// <summary>An actor's identity independent of its message type, used for watching, stopping and listing.</summary>
public interface IActorRef
{
    /// <summary>The actor's path in the hierarchy, e.g. <c>/user/channels/live</c>.</summary>
    string Path { get; }
}

/// <summary>A handle that delivers messages of one type to an actor, whether local, temporary or a probe.</summary>
/// <typeparam name="TMessage">The message type the actor accepts.</typeparam>
public interface IActorRef<in TMessage> : IActorRef
{
    /// <summary>Enqueues the message and returns at once; a stopped target turns it into a dead letter.</summary>
    void Tell(TMessage message);

    /// <summary>Sends the message built around a temporary reply ref and waits for the single reply.</summary>
    /// <exception cref="AskTimeoutException">No reply arrived within <paramref name="timeout"/>.</exception>
    Task<TReply> Ask<TReply>(Func<IActorRef<TReply>, TMessage> build, TimeSpan timeout, CancellationToken cancellationToken = default)
        => AskSupport.AskAsync(this, build, timeout, cancellationToken);
}
