namespace Airwave.Actors.Internal;

/// <summary>The actor behind <c>/</c>, <c>/user</c> and <c>/system</c>: it only parents and supervises.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : Actor<object>
{
    protected internal override SupervisorStrategy SupervisorStrategy => strategy;

    protected internal override ValueTask ReceiveAsync(object message)
    {
        Context.System.DeadLetters.Publish(message, Context.Self);
        return ValueTask.CompletedTask;
    }
}
