using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.TestFixtures;
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

    [Fact]
    public async Task Wake_all_steps_the_paced_listeners_at_once_not_at_their_fanouts_next_pass()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        var signal = new ChunkSignal(clock, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500));
        var (live, paced) = (0, 0);
        var liveListener = new ParkedListener(new Steps(() => Interlocked.Increment(ref live)));
        var pacedListener = new ParkedListener(new Steps(() => Interlocked.Increment(ref paced)));
        var liveParked = liveListener.ParkAsync(signal.Fanout);
        var pacedParked = pacedListener.ParkAsync(signal.PacedFanout);

        signal.Publish();
        await Eventually.AssertAsync(() => Assert.Equal(2, Volatile.Read(ref live)), TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref paced));

        signal.WakeAll();
        await Eventually.AssertAsync(() => Assert.Equal(2, Volatile.Read(ref paced)), TimeSpan.FromSeconds(10));
        Assert.False(liveParked.IsCompleted);
        Assert.False(pacedParked.IsCompleted);
    }

    /// <summary>A parked test listener that counts its steps and stays.</summary>
    private sealed class Steps(Func<int> step) : IParkable
    {
        public ParkedStep TakeStep()
        {
            step();
            return ParkedStep.Stay;
        }
    }
}
