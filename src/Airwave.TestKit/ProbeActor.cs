using System.Threading.Channels;
using Airwave.Actors;

namespace Airwave.TestKit;

/// <summary>The actor behind a <see cref="TestProbe"/>: records every message and watched termination for the test to inspect.</summary>
internal sealed class ProbeActor(ChannelWriter<object> received) : Actor<object>
{
    protected override ValueTask ReceiveAsync(object message)
    {
        if (message is WatchRequest watch)
        {
            Context.Watch(watch.Target);
        }
        else
        {
            received.TryWrite(message);
        }

        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnSignalAsync(Signal signal)
    {
        received.TryWrite(signal);
        return ValueTask.CompletedTask;
    }

    /// <summary>Asks the probe actor to watch <paramref name="Target"/>.</summary>
    internal sealed record WatchRequest(IActorRef Target);
}
