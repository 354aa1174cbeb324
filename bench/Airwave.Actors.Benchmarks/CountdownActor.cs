using Airwave.Actors;

namespace Airwave.Actors.Benchmarks;

/// <summary>Counts received messages into a shared countdown and completes it at zero.</summary>
public sealed class CountdownActor(Countdown countdown) : Actor<int>
{
    protected override ValueTask ReceiveAsync(int message)
    {
        countdown.Signal();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A reusable countdown whose completion a benchmark awaits.</summary>
public sealed class Countdown
{
    private int _remaining;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reset(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }
}
