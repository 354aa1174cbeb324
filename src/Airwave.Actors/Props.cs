namespace Airwave.Actors;

/// <summary>The recipe for an actor: how to create (and re-create on restart) its instance, its mailbox and how its parent supervises it.</summary>
/// <typeparam name="TMessage">The message type of the actor.</typeparam>
/// <param name="Factory">Creates a fresh actor instance; called at start and on every restart.</param>
public sealed record Props<TMessage>(Func<Actor<TMessage>> Factory)
{
    /// <summary>The mailbox kind; unbounded unless set.</summary>
    public MailboxOptions Mailbox { get; init; } = MailboxOptions.Unbounded;

    /// <summary>The strategy the parent applies to this child; null uses the parent's <see cref="Actor{TMessage}.SupervisorStrategy"/>.</summary>
    public SupervisorStrategy? Supervisor { get; init; }
}

/// <summary>Creates <see cref="Props{TMessage}"/> with the message type inferred from the factory.</summary>
public static class Props
{
    /// <summary>Props for an actor created by <paramref name="factory"/>.</summary>
    public static Props<TMessage> Create<TMessage>(Func<Actor<TMessage>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props<TMessage>(factory);
    }
}
