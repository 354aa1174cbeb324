using Airwave.Actors.Internal;
using Microsoft.Extensions.Logging;

namespace Airwave.Actors;

/// <summary>The home of a tree of actors: guardians <c>/user</c> and <c>/system</c>, dead letters, shutdown and the hierarchy listing.</summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell<object> _root;
    private readonly ActorCell<object> _userGuardian;
    private readonly ActorCell<object> _systemGuardian;
    private readonly Lock _terminationGate = new();
    private Task? _termination;

    /// <summary>Starts a system named <paramref name="name"/>.</summary>
    public ActorSystem(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new ActorSystemOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MailboxThroughput, 1);
        Name = name;
        LoggerFactory = options.LoggerFactory;
        Throughput = options.MailboxThroughput;
        DeadLetters = new DeadLetters(
            LoggerFactory.CreateLogger("Airwave.Actors.DeadLetters"), options.DeadLetterLogLimit, options.DeadLetterLogWindow);
        CoordinatedShutdown = new CoordinatedShutdown(this, LoggerFactory.CreateLogger<CoordinatedShutdown>());
        _root = new ActorCell<object>(this, null, string.Empty, Props.Create(() => new GuardianActor(SupervisorStrategy.StopOnFailure)));
        _root.Start();
        _userGuardian = _root.SpawnChild(Props.Create(() => new GuardianActor(SupervisorStrategy.Default)), "user");
        _systemGuardian = _root.SpawnChild(Props.Create(() => new GuardianActor(SupervisorStrategy.Default)), "system");
    }

    /// <summary>The system's name.</summary>
    public string Name { get; }

    /// <summary>Where actors get their loggers.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The count of undeliverable messages.</summary>
    public DeadLetters DeadLetters { get; }

    /// <summary>The ordered shutdown phases that end with terminating this system.</summary>
    public CoordinatedShutdown CoordinatedShutdown { get; }

    /// <summary>Completes once every actor, guardians included, has stopped.</summary>
    public Task WhenTerminated => _root.WhenTerminated;

    internal int Throughput { get; }

    /// <summary>Creates a top-level actor under <c>/user</c>; a null name is generated.</summary>
    public IActorRef<TMessage> Spawn<TMessage>(Props<TMessage> props, string? name = null) => _userGuardian.SpawnChild(props, name);

    /// <summary>Creates an infrastructure actor under <c>/system</c>; a null name is generated.</summary>
    public IActorRef<TMessage> SpawnSystemActor<TMessage>(Props<TMessage> props, string? name = null) => _systemGuardian.SpawnChild(props, name);

    /// <summary>Stops any local actor (children first); stopping a stopped actor does nothing.</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is not ActorCell cell || cell.ActorSystem != this)
        {
            throw new NotSupportedException($"{actor?.Path ?? "null"} is not an actor of system {Name}.");
        }

        cell.SendSystem(StopActor.Instance);
    }

    /// <summary>Every live actor with its type and mailbox depth, parents before children, siblings by name.</summary>
    public IReadOnlyList<ActorInfo> GetHierarchy()
    {
        var result = new List<ActorInfo>();
        var pending = new Stack<ActorCell>();
        PushChildren(pending, _root);
        while (pending.TryPop(out var cell))
        {
            if (cell.IsTerminated)
            {
                continue;
            }

            result.Add(new ActorInfo(cell.Path, cell.TypeName, cell.MailboxDepth));
            PushChildren(pending, cell);
        }

        return result;
    }

    /// <summary>Stops <c>/user</c>, then <c>/system</c>, then the root; runs once however often it is called.</summary>
    public Task TerminateAsync()
    {
        lock (_terminationGate)
        {
            return _termination ??= TerminateCoreAsync();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await TerminateAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static void PushChildren(Stack<ActorCell> pending, ActorCell parent)
    {
        var children = parent.ChildrenSnapshot().OrderByDescending(child => child.Name, StringComparer.Ordinal);
        foreach (var child in children)
        {
            pending.Push(child);
        }
    }

    private async Task TerminateCoreAsync()
    {
        _userGuardian.SendSystem(StopActor.Instance);
        await _userGuardian.WhenTerminated.ConfigureAwait(false);
        _systemGuardian.SendSystem(StopActor.Instance);
        await _systemGuardian.WhenTerminated.ConfigureAwait(false);
        _root.SendSystem(StopActor.Instance);
        await _root.WhenTerminated.ConfigureAwait(false);
    }
}
