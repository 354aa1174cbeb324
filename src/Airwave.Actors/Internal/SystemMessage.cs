namespace Airwave.Actors.Internal;

/// <summary>A kernel instruction to a cell; processed ahead of user messages.</summary>
internal abstract record SystemMessage;

/// <summary>Create the first actor instance and run PreStart.</summary>
internal sealed record CreateActor : SystemMessage
{
    public static CreateActor Instance { get; } = new();
}

/// <summary>Stop children, then the actor itself.</summary>
internal sealed record StopActor : SystemMessage
{
    public static StopActor Instance { get; } = new();
}

/// <summary>The parent decided to let a failed actor continue with its current instance.</summary>
internal sealed record ResumeActor : SystemMessage
{
    public static ResumeActor Instance { get; } = new();
}

/// <summary>The parent decided to replace a failed actor's instance.</summary>
internal sealed record RecreateActor(Exception Cause) : SystemMessage;

/// <summary>A child failed and awaits its parent's directive.</summary>
internal sealed record ChildFailed(ActorCell Child, Exception Cause) : SystemMessage;

/// <summary>The watcher wants to hear when this actor stops.</summary>
internal sealed record WatchActor(ActorCell Watcher) : SystemMessage;

/// <summary>The watcher no longer wants to hear when this actor stops.</summary>
internal sealed record UnwatchActor(ActorCell Watcher) : SystemMessage;

/// <summary>A watched actor has stopped.</summary>
internal sealed record DeathWatchNotification(ActorCell Actor) : SystemMessage;

/// <summary>A child has stopped; its name is free again.</summary>
internal sealed record ChildTerminated(ActorCell Child) : SystemMessage;

/// <summary>A keyed timer fired; delivered only if the timer is still current.</summary>
internal sealed record TimerFired(object Entry) : SystemMessage;

/// <summary>The receive-timeout timer fired; the cell checks whether it really was idle.</summary>
internal sealed record ReceiveTimeoutCheck : SystemMessage
{
    public static ReceiveTimeoutCheck Instance { get; } = new();
}
