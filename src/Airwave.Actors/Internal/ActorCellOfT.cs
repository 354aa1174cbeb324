using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Airwave.Actors.Internal;

/// <summary>A live actor of one message type: its mailbox, instance, timers and stash; also its ref and its context.</summary>
internal sealed class ActorCell<TMessage> : ActorCell, IActorRef<TMessage>, IActorContext<TMessage>
{
    private readonly Props<TMessage> _props;
    private readonly ChannelReader<TMessage> _reader;
    private readonly ChannelWriter<TMessage> _writer;
    private readonly bool _failWhenFull;
    private readonly TimerScheduler<TMessage> _timers;
    private readonly StashBuffer<TMessage> _stash = new();
    private Actor<TMessage>? _actor;
    private ILogger? _logger;

    public ActorCell(ActorSystem system, ActorCell? parent, string name, Props<TMessage> props)
        : base(system, parent, name)
    {
        _props = props;
        var mailbox = CreateMailbox(props.Mailbox);
        _reader = mailbox.Reader;
        _writer = mailbox.Writer;
        _failWhenFull = props.Mailbox is { Capacity: not null, Overflow: MailboxOverflow.Fail };
        _timers = new TimerScheduler<TMessage>(this);
    }

    public override SupervisorStrategy? SupervisorOverride => _props.Supervisor;

    public override int MailboxDepth => _reader.Count;

    public override string TypeName => _actor?.GetType().Name ?? "(starting)";

    public IActorRef<TMessage> Self => this;

    public IActorRef Parent => ParentCell ?? (IActorRef)this;

    public ActorSystem System => ActorSystem;

    public ILogger Log => Logger;

    public ITimerScheduler<TMessage> Timers => _timers;

    public IStash<TMessage> Stash => _stash;

    public IReadOnlyCollection<IActorRef> Children => ChildrenSnapshot();

    protected override bool HasUserMessages => _stash.HasReplay || _reader.TryPeek(out _);

    protected override SupervisorStrategy InstanceStrategy => _actor?.SupervisorStrategy ?? SupervisorStrategy.Default;

    protected override ILogger Logger =>
        _logger ??= ActorSystem.LoggerFactory.CreateLogger(_actor?.GetType().FullName ?? typeof(Actor<TMessage>).FullName!);

    public void Tell(TMessage message)
    {
        if (_writer.TryWrite(message))
        {
            Schedule();
            return;
        }

        if (_failWhenFull && !IsTerminated)
        {
            throw new MailboxFullException($"The mailbox of {Path} is full ({_props.Mailbox.Capacity} messages).");
        }

        ActorSystem.DeadLetters.Publish(message, this);
    }

    public IActorRef<TChild> Spawn<TChild>(Props<TChild> props, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SpawnChild(props, name);
    }

    public IActorRef<TChild> Spawn<TChild>(Props<TChild> props) => SpawnChild(props, null);

    public IActorRef? Child(string name) => ChildNamed(name);

    public void Stop(IActorRef actor) => StopChildOrSelf(actor);

    protected override bool TryInvokeNextUserMessage(out ValueTask handling)
    {
        if (!_stash.TryTakeReplay(out var message) && !_reader.TryRead(out message))
        {
            handling = default;
            return false;
        }

        TouchActivity();
        try
        {
            handling = _actor!.ReceiveAsync(message);
        }
#pragma warning disable CA1031 // Any exception from an actor's handler is a failure for its supervisor.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fail(exception);
            handling = default;
        }

        return true;
    }

    protected override async ValueTask CreateInstanceAsync(Exception? restartCause)
    {
        try
        {
            var actor = _props.Factory();
            actor.Attach(this);
            _actor = actor;
            _logger = null;
            if (restartCause is null)
            {
                await actor.PreStartAsync().ConfigureAwait(false);
            }
            else
            {
                await actor.PostRestartAsync(restartCause).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A failing start is a failure for the supervisor.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fail(exception);
        }
    }

    protected override ValueTask InvokePreRestartAsync(Exception cause) => _actor?.PreRestartAsync(cause) ?? default;

    protected override ValueTask InvokePostStopAsync() => _actor?.PostStopAsync() ?? default;

    protected override ValueTask InvokeSignal(Signal signal) => _actor!.OnSignalAsync(signal);

    protected override ValueTask InvokeTimer(object entry) =>
        _timers.TryTakeMessage(entry, out var message) ? _actor!.ReceiveAsync(message) : default;

    protected override void CancelTimers() => _timers.CancelAll();

    protected override void CloseMailbox()
    {
        _writer.TryComplete();
        while (_stash.TryTakeReplay(out var replayed))
        {
            ActorSystem.DeadLetters.Publish(replayed, this);
        }

        while (_stash.TryTakeStashed(out var stashed))
        {
            ActorSystem.DeadLetters.Publish(stashed, this);
        }

        while (_reader.TryRead(out var queued))
        {
            ActorSystem.DeadLetters.Publish(queued, this);
        }
    }

    private Channel<TMessage> CreateMailbox(MailboxOptions options)
    {
        if (options.Capacity is not { } capacity)
        {
            // Multi-reader mode only because it can report its depth; one reader uses it.
            return Channel.CreateUnbounded<TMessage>(new UnboundedChannelOptions { SingleReader = false });
        }

        var bounded = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = options.Overflow switch
            {
                MailboxOverflow.DropHead => BoundedChannelFullMode.DropOldest,
                MailboxOverflow.DropNew => BoundedChannelFullMode.DropWrite,
                _ => BoundedChannelFullMode.Wait,
            },
        };
        return Channel.CreateBounded<TMessage>(bounded, dropped => ActorSystem.DeadLetters.Publish(dropped, this));
    }
}
