using Airwave.Actors;
using Airwave.Persistence;
using Airwave.Streaming.Supervision;

namespace Airwave.Streaming.Listeners;

/// <summary>Starts a <see cref="ClientSessionActor"/> per listener under <c>/user/sessions</c>.</summary>
public sealed class ClientSessions
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A session receives one message in its life; a small bounded mailbox costs far less than the default unbounded queue.</summary>
    private static readonly MailboxOptions SessionMailbox = MailboxOptions.Bounded(2, MailboxOverflow.DropNew);
    private readonly IActorRef<ChildSupervisor<ClientSessionActor.Command>.Command> supervisor;
    private readonly PersistenceServices persistence;

    public ClientSessions(ActorSystem system, PersistenceServices persistence)
    {
        this.persistence = persistence;
        ClientSessionActor.Register(persistence.Serializer);
        supervisor = system.Spawn(Props.Create(() => new ChildSupervisor<ClientSessionActor.Command>()), "sessions");
    }

    /// <summary>Starts the actor of session <paramref name="sessionId"/>.</summary>
    public Task<IActorRef<ClientSessionActor.Command>> StartAsync(Guid sessionId, CancellationToken cancellationToken) =>
        supervisor.Ask<IActorRef<ClientSessionActor.Command>>(
            reply => new ChildSupervisor<ClientSessionActor.Command>.StartChild(
                Props.Create(() => new ClientSessionActor(persistence)) with { Mailbox = SessionMailbox }, sessionId.ToString("N"), reply),
            StartTimeout,
            cancellationToken);
}
