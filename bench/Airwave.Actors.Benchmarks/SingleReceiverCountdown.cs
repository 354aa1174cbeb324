using Airwave.Actors;

namespace Airwave.Actors.Benchmarks;

/// <summary>Counts messages without shared atomics, as a single receiver can.</summary>
public sealed class SingleReceiverCountdown : Actor<int>
{
    private int _remaining;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Arms the counter; called before the messages are sent.</summary>
    public Task Expect(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _remaining = count;
        return _done.Task;
    }

    protected override ValueTask ReceiveAsync(int message)
    {
        if (--_remaining == 0)
        {
            _done.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }
}
