using Akka.Actor;

namespace Airwave.Akka.Benchmarks;

/// <summary>Counts received messages into a shared countdown and completes it at zero.</summary>
public sealed class CountdownActor : ReceiveActor
{
    public CountdownActor(Countdown countdown) => Receive<int>(_ => countdown.Signal());
}

/// <summary>A reusable countdown whose completion a benchmark awaits.</summary>
public sealed class Countdown
{
    private int remaining;
    private TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reset(int count)
    {
        done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref remaining, count);
        return done.Task;
    }

    public void Signal()
    {
        if (Interlocked.Decrement(ref remaining) == 0)
        {
            done.TrySetResult();
        }
    }
}
