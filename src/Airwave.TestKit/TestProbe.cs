using System.Threading.Channels;
using Airwave.Actors;
using Xunit;
using Xunit.Sdk;

namespace Airwave.TestKit;

/// <summary>A real actor that records what it receives, so tests assert on messages instead of peeking into actors; usable as <c>IActorRef&lt;T&gt;</c> for any reference type T.</summary>
public sealed class TestProbe : IActorRef<object>
{
    private static readonly AsyncLocal<DateTimeOffset?> s_withinDeadline = new();
    private readonly Channel<object> _received = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IActorRef<object> _actor;

    /// <summary>Creates a probe under <c>/system</c> of <paramref name="system"/>.</summary>
    public TestProbe(ActorSystem system, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        _actor = system.SpawnSystemActor(Props.Create(() => new ProbeActor(_received.Writer)), name);
    }

    /// <summary>How long expectations wait when no timeout is given.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public string Path => _actor.Path;

    /// <summary>The untyped probe actor, e.g. for stopping it.</summary>
    public IActorRef Actor => _actor;

    /// <inheritdoc/>
    public void Tell(object message) => _actor.Tell(message);

    /// <summary>This probe as a typed ref, to put into messages as a ReplyTo.</summary>
    public IActorRef<T> Ref<T>()
        where T : class => this;

    /// <summary>Waits for the next message, fails unless it is a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var message = await ReceiveOneAsync(timeout).ConfigureAwait(false);
        var typed = Assert.IsType<T>(message, exactMatch: false);
        if (predicate is not null && !predicate(typed))
        {
            throw new XunitException($"{Path} received {message}, which does not match the expectation.");
        }

        return typed;
    }

    /// <summary>Waits for the next message and fails unless it equals <paramref name="expected"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
    {
        var message = await ExpectMsgAsync<T>(predicate: null, timeout).ConfigureAwait(false);
        Assert.Equal(expected, message);
        return message;
    }

    /// <summary>Fails if any message arrives within <paramref name="duration"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        using var cancellation = new CancellationTokenSource(duration);
        try
        {
            var message = await _received.Reader.ReadAsync(cancellation.Token).ConfigureAwait(false);
            throw new XunitException($"{Path} expected no message for {duration} but received {message}.");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    /// <summary>Skips messages until one of type <typeparamref name="T"/> satisfies <paramref name="isTarget"/>.</summary>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool> isTarget, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isTarget);
        var deadline = DateTimeOffset.UtcNow + EffectiveTimeout(timeout);
        while (true)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            var message = await ReceiveOneAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero).ConfigureAwait(false);
            if (message is T typed && isTarget(typed))
            {
                return typed;
            }
        }
    }

    /// <summary>Waits for the next message of any type.</summary>
    public async Task<object> ReceiveOneAsync(TimeSpan? timeout = null)
    {
        var wait = EffectiveTimeout(timeout);
        using var cancellation = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.ReadAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new XunitException($"{Path} received no message within {wait}.");
        }
    }

    /// <summary>Receives the next <paramref name="count"/> messages of any type, in arrival order.</summary>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + EffectiveTimeout(timeout);
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            messages.Add(await ReceiveOneAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero).ConfigureAwait(false));
        }

        return messages;
    }

    /// <summary>Watches <paramref name="target"/>; its <see cref="Terminated"/> arrives as a message of this probe.</summary>
    public void Watch(IActorRef target) => _actor.Tell(new ProbeActor.WatchRequest(target));

    /// <summary>Waits for <see cref="Terminated"/> of <paramref name="target"/> (watch it first).</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(terminated => terminated.Ref.Path == target.Path, timeout);

    /// <summary>Runs <paramref name="block"/>, capping the probes' waits inside it, and fails if it takes longer than <paramref name="max"/>.</summary>
    public static async Task WithinAsync(TimeSpan max, Func<Task> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var started = DateTimeOffset.UtcNow;
        var previous = s_withinDeadline.Value;
        s_withinDeadline.Value = started + max;
        try
        {
            await block().ConfigureAwait(false);
        }
        finally
        {
            s_withinDeadline.Value = previous;
        }

        var elapsed = DateTimeOffset.UtcNow - started;
        if (elapsed > max)
        {
            throw new XunitException($"The block took {elapsed}, more than the allowed {max}.");
        }
    }

    /// <summary>Retries <paramref name="assertion"/> every <paramref name="interval"/> until it passes or <paramref name="duration"/> runs out.</summary>
    public static async Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = DateTimeOffset.UtcNow + (duration ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (XunitException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Retries the asynchronous <paramref name="assertion"/> every <paramref name="interval"/> until it passes or <paramref name="duration"/> runs out.</summary>
    public static async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = DateTimeOffset.UtcNow + (duration ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (XunitException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path;

    private TimeSpan EffectiveTimeout(TimeSpan? timeout)
    {
        var wait = timeout ?? DefaultTimeout;
        if (s_withinDeadline.Value is { } deadline)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            wait = remaining < wait ? remaining : wait;
        }

        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}
