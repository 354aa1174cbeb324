using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

/// <summary>Forwards every message and signal to a probe.</summary>
internal sealed class ForwardingActor(TestProbe probe) : Actor<object>
{
    protected override ValueTask ReceiveAsync(object message)
    {
        probe.Tell(message);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnSignalAsync(Signal signal)
    {
        probe.Tell(signal);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Reports its lifecycle to a probe, so tests can see starts, restarts and stops.</summary>
internal sealed class LifecycleActor(TestProbe probe, string label) : Actor<object>
{
    protected override ValueTask ReceiveAsync(object message) => message switch
    {
        Exception exception => throw exception,
        _ => Reply(message),
    };

    protected override ValueTask PreStartAsync()
    {
        probe.Tell($"{label} started");
        return ValueTask.CompletedTask;
    }

    protected override ValueTask PostStopAsync()
    {
        probe.Tell($"{label} stopped");
        return ValueTask.CompletedTask;
    }

    private ValueTask Reply(object message)
    {
        probe.Tell($"{label} got {message}");
        return ValueTask.CompletedTask;
    }
}

/// <summary>Holds its first message until the gate opens, so tests can fill its mailbox.</summary>
internal sealed class GatedActor(TestProbe probe, Task gate) : Actor<int>
{
    private bool _gated;

    protected override async ValueTask ReceiveAsync(int message)
    {
        if (!_gated)
        {
            _gated = true;
            probe.Tell("blocked");
            await gate;
        }

        probe.Tell(message);
    }
}
