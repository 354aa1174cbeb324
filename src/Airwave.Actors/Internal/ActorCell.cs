using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Airwave.Actors.Internal;

/// <summary>The message-type independent half of an actor: scheduling, system messages, hierarchy, supervision and death watch.</summary>
internal abstract class ActorCell : IActorRef, IThreadPoolWorkItem
{
    private readonly Channel<SystemMessage> _systemMailbox =
        Channel.CreateUnbounded<SystemMessage>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _systemGate = new();
    private readonly Dictionary<string, ActorCell> _children = new(StringComparer.Ordinal);
    private readonly HashSet<ActorCell> _watchers = [];
    private readonly HashSet<ActorCell> _watching = [];
    private readonly List<SystemMessage> _deferred = [];
    private readonly TaskCompletionSource _whenTerminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _scheduled;
    private int _generatedNames;
    private volatile bool _isTerminated;
    private volatile CellState _state = CellState.Starting;
    private bool _suspended;
    private Exception? _restartCause;
    private Timer? _receiveTimeoutTimer;
    private long _lastActivity;
    private long _receiveTimeoutMs;

    protected ActorCell(ActorSystem system, ActorCell? parent, string name)
    {
        ActorSystem = system;
        ParentCell = parent;
        Name = name;
        Path = parent is null ? "/" : parent.ParentCell is null ? "/" + name : parent.Path + "/" + name;
    }

    public string Path { get; }

    public string Name { get; }

    public ActorSystem ActorSystem { get; }

    public ActorCell? ParentCell { get; }

    public Task WhenTerminated => _whenTerminated.Task;

    public bool IsTerminated => _isTerminated;

    /// <summary>The parent's bookkeeping of this child's restarts.</summary>
    public RestartStatistics RestartStatistics { get; } = new();

    /// <summary>The strategy the parent must apply to this child, when its props name one.</summary>
    public abstract SupervisorStrategy? SupervisorOverride { get; }

    public abstract int MailboxDepth { get; }

    public abstract string TypeName { get; }

    protected abstract bool HasUserMessages { get; }

    /// <summary>The strategy of the current instance for children without their own.</summary>
    protected abstract SupervisorStrategy InstanceStrategy { get; }

    protected abstract ILogger Logger { get; }

    protected bool CanProcessUserMessages => _state == CellState.Running && !_suspended;

    public override string ToString() => Path;

    public void Start() => SendSystem(CreateActor.Instance);

    public void SendSystem(SystemMessage message)
    {
        bool accepted;
        lock (_systemGate)
        {
            accepted = !_isTerminated && _systemMailbox.Writer.TryWrite(message);
        }

        if (accepted)
        {
            Schedule();
        }
        else
        {
            HandleDeadSystemMessage(message);
        }
    }

    public IReadOnlyList<ActorCell> ChildrenSnapshot()
    {
        lock (_children)
        {
            return [.. _children.Values];
        }
    }

    public ActorCell? ChildNamed(string name)
    {
        lock (_children)
        {
            return _children.GetValueOrDefault(name);
        }
    }

    public ActorCell<TChild> SpawnChild<TChild>(Props<TChild> props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
        {
            name = "$" + Interlocked.Increment(ref _generatedNames).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            ValidateName(name);
        }

        ActorCell<TChild> child;
        lock (_children)
        {
            if (_state is CellState.Stopping or CellState.Terminated)
            {
                throw new InvalidOperationException($"Cannot create child '{name}': {Path} is stopping.");
            }

            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"An actor named '{name}' already exists under {Path}.");
            }

            child = new ActorCell<TChild>(ActorSystem, this, name, props);
            _children.Add(name, child);
        }

        child.Start();
        return child;
    }

    public void Execute() => RunBatch();

    protected void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    protected void TouchActivity()
    {
        if (_receiveTimeoutMs != 0)
        {
            _lastActivity = Environment.TickCount64;
        }
    }

    /// <summary>Dequeues and starts handling the next user message; false when none is waiting.</summary>
    protected abstract bool TryInvokeNextUserMessage(out ValueTask handling);

    /// <summary>Creates a fresh instance and runs PreStart (or PostRestart when <paramref name="restartCause"/> is set).</summary>
    protected abstract ValueTask CreateInstanceAsync(Exception? restartCause);

    protected abstract ValueTask InvokePreRestartAsync(Exception cause);

    protected abstract ValueTask InvokePostStopAsync();

    protected abstract ValueTask InvokeSignal(Signal signal);

    protected abstract ValueTask InvokeTimer(object entry);

    protected abstract void CancelTimers();

    /// <summary>Refuses further user messages and turns the queued ones into dead letters.</summary>
    protected abstract void CloseMailbox();

    /// <summary>Marks the actor as failed and asks the parent what to do.</summary>
    protected void Fail(Exception cause)
    {
        KernelLog.ActorFailed(Logger, Path, cause);
        if (_state is CellState.Stopping or CellState.Terminated || _suspended)
        {
            return;
        }

        _suspended = true;
        if (ParentCell is null)
        {
            SendSystem(StopActor.Instance);
        }
        else
        {
            ParentCell.SendSystem(new ChildFailed(this, cause));
        }
    }

    public void Watch(IActorRef target)
    {
        var cell = AsCell(target);
        if (cell != this && _watching.Add(cell))
        {
            cell.SendSystem(new WatchActor(this));
        }
    }

    public void Unwatch(IActorRef target)
    {
        var cell = AsCell(target);
        if (_watching.Remove(cell))
        {
            cell.SendSystem(new UnwatchActor(this));
        }
    }

    public void StopChildOrSelf(IActorRef actor)
    {
        var cell = AsCell(actor);
        if (cell != this && cell.ParentCell != this)
        {
            throw new InvalidOperationException($"{Path} may stop only itself and its children, not {actor.Path}.");
        }

        cell.SendSystem(StopActor.Instance);
    }

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is not { } value || value <= TimeSpan.Zero)
        {
            _receiveTimeoutMs = 0;
            _receiveTimeoutTimer?.Dispose();
            _receiveTimeoutTimer = null;
            return;
        }

        _receiveTimeoutMs = Math.Max(1, (long)value.TotalMilliseconds);
        _lastActivity = Environment.TickCount64;
        ArmReceiveTimeout(_receiveTimeoutMs);
    }

    private static ActorCell AsCell(IActorRef actor) => actor as ActorCell
        ?? throw new NotSupportedException($"{actor?.Path ?? "null"} is not a local actor; only local actors can be watched or stopped.");

    private static void ValidateName(string name)
    {
        if (name.Length == 0 || name.StartsWith('$') || name.Contains('/', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            throw new InvalidActorNameException($"'{name}' is not a valid actor name: it must be non-empty, without '/' or whitespace, and not start with '$'.");
        }
    }

    private void RunBatch()
    {
        var budget = ActorSystem.Throughput;
        while (!_isTerminated)
        {
            ValueTask step;
            if (_systemMailbox.Reader.TryRead(out var systemMessage))
            {
                step = HandleSystemMessage(systemMessage);
            }
            else if (CanProcessUserMessages && TryInvokeNextUserMessage(out step))
            {
                budget--;
            }
            else
            {
                break;
            }

            if (!step.IsCompletedSuccessfully)
            {
                _ = AwaitStepThenContinueAsync(step);
                return;
            }

            if (budget <= 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
        }

        Interlocked.Exchange(ref _scheduled, 0);
        if (!_isTerminated && (_systemMailbox.Reader.TryPeek(out _) || (CanProcessUserMessages && HasUserMessages)))
        {
            Schedule();
        }
    }

    private async Task AwaitStepThenContinueAsync(ValueTask step)
    {
        try
        {
            await step.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any exception from an actor's handler is a failure for its supervisor.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fail(exception);
        }

        RunBatch();
    }

    private ValueTask HandleSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case CreateActor:
                _state = CellState.Running;
                return CreateInstanceAsync(null);
            case StopActor:
                return BeginStopAsync();
            case ResumeActor:
                Resume();
                return default;
            case RecreateActor recreate:
                return BeginRestartAsync(recreate.Cause);
            case ChildFailed failed:
                Supervise(failed.Child, failed.Cause);
                return default;
            case WatchActor watch:
                _watchers.Add(watch.Watcher);
                return default;
            case UnwatchActor unwatch:
                _watchers.Remove(unwatch.Watcher);
                return default;
            case DeathWatchNotification notification:
                return OnWatchedActorStopped(notification);
            case ChildTerminated terminated:
                return OnChildTerminated(terminated.Child);
            case TimerFired fired:
                return OnTimerFired(fired);
            case ReceiveTimeoutCheck:
                return CheckReceiveTimeout();
            default:
                throw new InvalidOperationException($"Unknown system message {message}.");
        }
    }

    private ValueTask SafeInvoke(Func<ActorCell, object, ValueTask> invoke, object argument)
    {
        try
        {
            return invoke(this, argument);
        }
#pragma warning disable CA1031 // Any exception from an actor's handler is a failure for its supervisor.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fail(exception);
            return default;
        }
    }

    private ValueTask OnWatchedActorStopped(DeathWatchNotification notification)
    {
        if (_state is CellState.Stopping or CellState.Terminated)
        {
            return default;
        }

        if (!CanProcessUserMessages)
        {
            _deferred.Add(notification);
            return default;
        }

        return _watching.Remove(notification.Actor)
            ? SafeInvoke(static (cell, actor) => cell.InvokeSignal(new Terminated((IActorRef)actor)), notification.Actor)
            : default;
    }

    private ValueTask OnTimerFired(TimerFired fired)
    {
        if (CanProcessUserMessages)
        {
            return SafeInvoke(static (cell, entry) => cell.InvokeTimer(entry), fired.Entry);
        }

        if (_state == CellState.Running)
        {
            _deferred.Add(fired);
        }

        return default;
    }

    private ValueTask CheckReceiveTimeout()
    {
        if (_receiveTimeoutMs == 0 || !CanProcessUserMessages)
        {
            return default;
        }

        var idle = Environment.TickCount64 - _lastActivity;
        if (idle < _receiveTimeoutMs)
        {
            ArmReceiveTimeout(_receiveTimeoutMs - idle);
            return default;
        }

        _lastActivity = Environment.TickCount64;
        ArmReceiveTimeout(_receiveTimeoutMs);
        return SafeInvoke(static (cell, signal) => cell.InvokeSignal((Signal)signal), ReceiveTimeout.Instance);
    }

    private void ArmReceiveTimeout(long dueMs)
    {
        _receiveTimeoutTimer ??= new Timer(
            static state => ((ActorCell)state!).SendSystem(ReceiveTimeoutCheck.Instance), this, Timeout.Infinite, Timeout.Infinite);
        _receiveTimeoutTimer.Change(dueMs, Timeout.Infinite);
    }

    private void Resume()
    {
        if (!_suspended || _state != CellState.Running)
        {
            return;
        }

        _suspended = false;
        foreach (var child in ChildrenSnapshot())
        {
            child.SendSystem(ResumeActor.Instance);
        }

        if (_receiveTimeoutMs != 0)
        {
            ArmReceiveTimeout(_receiveTimeoutMs);
        }

        ReplayDeferred();
    }

    private void ReplayDeferred()
    {
        foreach (var message in _deferred)
        {
            SendSystem(message);
        }

        _deferred.Clear();
    }

    private void Supervise(ActorCell child, Exception cause)
    {
        if (_state is CellState.Stopping or CellState.Terminated || ChildNamed(child.Name) != child)
        {
            return;
        }

        var strategy = child.SupervisorOverride ?? InstanceStrategy;
        SupervisionDirective directive;
        try
        {
            directive = strategy.Decider(cause);
        }
#pragma warning disable CA1031 // A broken decider must not take the kernel down; the failure goes up instead.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            KernelLog.DeciderFailed(Logger, Path, exception);
            directive = SupervisionDirective.Escalate;
        }

        switch (directive)
        {
            case SupervisionDirective.Resume:
                child.SendSystem(ResumeActor.Instance);
                break;
            case SupervisionDirective.Stop:
                child.SendSystem(StopActor.Instance);
                break;
            case SupervisionDirective.Escalate:
                Fail(cause);
                break;
            default:
                Restart(child, cause, strategy);
                break;
        }
    }

    private void Restart(ActorCell child, Exception cause, SupervisorStrategy strategy)
    {
        var attempt = child.RestartStatistics.Record(strategy);
        if (attempt < 0)
        {
            KernelLog.RestartsExhausted(Logger, child.Path, strategy.MaxRetries, strategy.Window);
            child.SendSystem(StopActor.Instance);
            return;
        }

        var delay = strategy.BackoffFor(attempt);
        if (delay <= TimeSpan.Zero)
        {
            child.SendSystem(new RecreateActor(cause));
        }
        else
        {
            _ = RecreateAfterAsync(child, cause, delay);
        }
    }

    private static async Task RecreateAfterAsync(ActorCell child, Exception cause, TimeSpan delay)
    {
        await Task.Delay(delay).ConfigureAwait(false);
        child.SendSystem(new RecreateActor(cause));
    }

    private async ValueTask BeginRestartAsync(Exception cause)
    {
        if (_state != CellState.Running)
        {
            return;
        }

        CancelTimers();
        SetReceiveTimeout(null);
        _state = CellState.Restarting;
        _restartCause = cause;
        try
        {
            await InvokePreRestartAsync(cause).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing hook must not stop the restart.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            KernelLog.HookFailed(Logger, "PreRestartAsync", Path, exception);
        }

        if (StopChildren() == 0)
        {
            await FinishRestartAsync().ConfigureAwait(false);
        }
    }

    private ValueTask FinishRestartAsync()
    {
        var cause = _restartCause!;
        _restartCause = null;
        _state = CellState.Running;
        _suspended = false;
        ReplayDeferred();
        return CreateInstanceAsync(cause);
    }

    private ValueTask BeginStopAsync()
    {
        lock (_children)
        {
            if (_state is CellState.Stopping or CellState.Terminated)
            {
                return default;
            }

            _state = CellState.Stopping;
        }

        CancelTimers();
        SetReceiveTimeout(null);
        return StopChildren() == 0 ? FinishStopAsync() : default;
    }

    private int StopChildren()
    {
        var children = ChildrenSnapshot();
        foreach (var child in children)
        {
            child.SendSystem(StopActor.Instance);
        }

        return children.Count;
    }

    private ValueTask OnChildTerminated(ActorCell child)
    {
        int remaining;
        lock (_children)
        {
            if (_children.GetValueOrDefault(child.Name) == child)
            {
                _children.Remove(child.Name);
            }

            remaining = _children.Count;
        }

        if (remaining > 0)
        {
            return default;
        }

        return _state switch
        {
            CellState.Restarting => FinishRestartAsync(),
            CellState.Stopping => FinishStopAsync(),
            _ => default,
        };
    }

    private async ValueTask FinishStopAsync()
    {
        try
        {
            await InvokePostStopAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing hook must not prevent termination.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            KernelLog.HookFailed(Logger, "PostStopAsync", Path, exception);
        }

        Terminate();
    }

    private void Terminate()
    {
        lock (_systemGate)
        {
            _isTerminated = true;
            _state = CellState.Terminated;
        }

        CloseMailbox();
        while (_systemMailbox.Reader.TryRead(out var leftover))
        {
            HandleDeadSystemMessage(leftover);
        }

        ParentCell?.SendSystem(new ChildTerminated(this));
        foreach (var watcher in _watchers)
        {
            watcher.SendSystem(new DeathWatchNotification(this));
        }

        foreach (var watched in _watching)
        {
            watched.SendSystem(new UnwatchActor(this));
        }

        _watchers.Clear();
        _watching.Clear();
        _deferred.Clear();
        _whenTerminated.TrySetResult();
    }

    private void HandleDeadSystemMessage(SystemMessage message)
    {
        if (message is WatchActor watch)
        {
            watch.Watcher.SendSystem(new DeathWatchNotification(this));
        }
    }
}
