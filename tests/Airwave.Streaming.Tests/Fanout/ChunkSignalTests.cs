using Airwave.Streaming.Fanout;
using Xunit;

namespace Airwave.Streaming.Tests.Fanout;

public sealed class ChunkSignalTests
{
    [Fact]
    public void Every_waiter_is_released_by_one_publish()
    {
        var signal = new ChunkSignal(TimeProvider.System, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        var waiters = Enumerable.Range(0, 10).Select(_ => signal.NextAsync()).ToList();
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        signal.Publish();

        Assert.All(waiters, w => Assert.True(w.IsCompletedSuccessfully));
    }

    [Fact]
    public void A_task_taken_after_a_publish_waits_for_the_next_one()
    {
        var signal = new ChunkSignal(TimeProvider.System, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        signal.Publish();

        var next = signal.NextAsync();
        Assert.False(next.IsCompleted);

        signal.Publish();
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public async Task A_task_taken_before_a_publish_completes_even_if_awaited_later()
    {
        var signal = new ChunkSignal(TimeProvider.System, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        var taken = signal.NextAsync();

        await Task.Run(signal.Publish);

        await taken.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Close_releases_everyone_for_good_even_after_later_publishes()
    {
        var signal = new ChunkSignal(TimeProvider.System, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        var waiting = signal.NextAsync();

        signal.Close();
        signal.Publish();

        Assert.True(waiting.IsCompleted);
        Assert.True(signal.NextAsync().IsCompleted);
    }
}
