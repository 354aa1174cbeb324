using Akka.Actor;

namespace Airwave.Akka.Benchmarks;

/// <summary>Counts messages without shared atomics, as a single receiver can; armed through a shared <see cref="Countdown"/>-like gate.</summary>
public sealed class SingleReceiverCountdown : ReceiveActor
{
    private int remaining;
    private TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SingleReceiverCountdown(SingleReceiverGate gate)
    {
        Receive<Arm>(arm =>
        {
            remaining = arm.Count;
            done = arm.Done;
        });
        Receive<int>(_ =>
        {
            if (--remaining == 0)
            {
                done.TrySetResult();
            }
        });
        gate.Ready();
    }

    /// <summary>Expect <paramref name="Count"/> messages and complete <paramref name="Done"/> after the last.</summary>
    public sealed record Arm(int Count, TaskCompletionSource Done);
}

/// <summary>Signals that the receiver exists, so the benchmark starts only then.</summary>
public sealed class SingleReceiverGate
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Created => ready.Task;

    public void Ready() => ready.TrySetResult();
}
