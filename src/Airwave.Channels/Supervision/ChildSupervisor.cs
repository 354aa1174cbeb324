using Akka.Actor;

namespace Airwave.Channels.Supervision;

/// <summary>
/// A named parent for actors of one kind (<c>/user/channels</c>, <c>/user/upstreams</c>, <c>/user/relays</c>): creates
/// children on request, so they show under one path, and restarts failing ones (Akka's default one-for-one strategy).
/// Children are stopped from outside with <c>GracefulStop</c> and their own stop message.
/// </summary>
public sealed class ChildSupervisor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);
    private const int MaxAttempts = 100;

    /// <summary>Create a child and reply with its ref (to nobody when sent without a sender).</summary>
    public sealed record StartChild(Props Props, string Name);

    /// <summary>Send the child its <paramref name="StopMessage"/> and reply true once it terminated (false: no such child, or not within <paramref name="Timeout"/>).</summary>
    public sealed record StopChild(string Name, object StopMessage, TimeSpan Timeout);

    /// <summary>A start whose name was still held by a stopping child, retried for <paramref name="ReplyTo"/>.</summary>
    private sealed record RetryStart(StartChild Start, IActorRef ReplyTo, int Attempt);

    public ITimerScheduler Timers { get; set; } = null!;

    public ChildSupervisor()
    {
        Receive<StartChild>(start => Start(start, Sender, 1));
        Receive<RetryStart>(retry => Start(retry.Start, retry.ReplyTo, retry.Attempt));
        Receive<StopChild>(stop =>
        {
            var child = Context.Child(stop.Name);
            if (child.IsNobody())
            {
                Sender.Tell(false);
                return;
            }

            ActorStop.GracefullyAsync(child, stop.StopMessage, stop.Timeout).PipeTo(Sender);
        });
    }

    private void Start(StartChild start, IActorRef replyTo, int attempt)
    {
        try
        {
            var child = Context.ActorOf(start.Props, start.Name);
            if (!replyTo.IsNobody())
            {
                replyTo.Tell(child);
            }
        }
        catch (InvalidActorNameException) when (attempt < MaxAttempts)
        {
            // The name stays reserved until this parent has seen the previous child with that name terminate (a channel
            // stopped and placed here again at once); that takes a moment, not a failure.
            Timers.StartSingleTimer((start.Name, replyTo), new RetryStart(start, replyTo, attempt + 1), RetryInterval);
        }
        catch (InvalidActorNameException e)
        {
            replyTo.Tell(new Status.Failure(e));
        }
    }
}
