namespace Airwave.Actors;

/// <summary>The base of every actor: handles one message at a time, with lifecycle hooks and signals kept apart from its messages.</summary>
/// <typeparam name="TMessage">The message type the actor accepts.</typeparam>
public abstract class Actor<TMessage>
{
    private IActorContext<TMessage>? _context;

    /// <summary>The actor's view of itself and the system; set before <see cref="PreStartAsync"/> runs.</summary>
    protected IActorContext<TMessage> Context =>
        _context ?? throw new InvalidOperationException("The actor context is available from PreStartAsync on, not in the constructor.");

    /// <summary>The strategy applied to children whose props name none.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy => SupervisorStrategy.Default;

    internal void Attach(IActorContext<TMessage> context) => _context = context;

    /// <summary>Handles one message; return a completed <see cref="ValueTask"/> when the work is synchronous.</summary>
    protected internal abstract ValueTask ReceiveAsync(TMessage message);

    /// <summary>Handles a kernel signal such as <see cref="Terminated"/> or <see cref="ReceiveTimeout"/>; ignores them by default.</summary>
    protected internal virtual ValueTask OnSignalAsync(Signal signal) => ValueTask.CompletedTask;

    /// <summary>Runs before the first message; messages sent meanwhile wait in the mailbox.</summary>
    protected internal virtual ValueTask PreStartAsync() => ValueTask.CompletedTask;

    /// <summary>Runs once after the actor and all its children stopped.</summary>
    protected internal virtual ValueTask PostStopAsync() => ValueTask.CompletedTask;

    /// <summary>Runs on the failed instance before it is replaced; calls <see cref="PostStopAsync"/> by default.</summary>
    protected internal virtual ValueTask PreRestartAsync(Exception reason) => PostStopAsync();

    /// <summary>Runs on the fresh instance after a restart; calls <see cref="PreStartAsync"/> by default.</summary>
    protected internal virtual ValueTask PostRestartAsync(Exception reason) => PreStartAsync();
}
