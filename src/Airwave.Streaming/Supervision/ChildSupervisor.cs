using Airwave.Actors;

namespace Airwave.Streaming.Supervision;

/// <summary>A named parent for actors of one kind (<c>/user/channels</c>, <c>/user/sessions</c>): starts and stops children on request and restarts failing ones.</summary>
/// <typeparam name="TChild">The message type of the children.</typeparam>
public sealed class ChildSupervisor<TChild> : Actor<ChildSupervisor<TChild>.Command>
{
    private readonly Dictionary<IActorRef, IActorRef<bool>> stopping = [];

    /// <summary>Messages of the supervisor.</summary>
    public abstract record Command;

    /// <summary>Start a child and reply with its ref (to nobody when <paramref name="ReplyTo"/> is null).</summary>
    public sealed record StartChild(Props<TChild> Props, string Name, IActorRef<IActorRef<TChild>>? ReplyTo) : Command;

    /// <summary>Stop a child and reply once it is gone (false when there was no such child).</summary>
    public sealed record StopChild(string Name, IActorRef<bool> ReplyTo) : Command;

    protected override ValueTask ReceiveAsync(Command message)
    {
        switch (message)
        {
            case StartChild start:
                var started = Context.Spawn(start.Props, start.Name);
                start.ReplyTo?.Tell(started);
                break;
            case StopChild stop when Context.Child(stop.Name) is { } child:
                Context.Watch(child);
                stopping[child] = stop.ReplyTo;
                Context.Stop(child);
                break;
            case StopChild stop:
                stop.ReplyTo.Tell(false);
                break;
        }

        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnSignalAsync(Signal signal)
    {
        if (signal is Terminated terminated && stopping.Remove(terminated.Ref, out var reply))
        {
            reply.Tell(true);
        }

        return ValueTask.CompletedTask;
    }
}
