using Airwave.Channels.Ingest;
using Airwave.Streaming.Fixtures;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

public sealed class ReadPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Waiters_are_released_together_at_the_next_tick_and_not_before()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        using var pacer = new ReadPacer(Interval, clock);
        var waits = Enumerable.Range(0, 200).Select(_ => pacer.NextTickAsync(CancellationToken.None)).ToList();

        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.All(waits, w => Assert.False(w.IsCompleted));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_wait_after_a_tick_waits_for_the_following_one()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        using var pacer = new ReadPacer(Interval, clock);
        var first = pacer.NextTickAsync(CancellationToken.None);
        clock.Advance(Interval);
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        var second = pacer.NextTickAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        clock.Advance(Interval);
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void The_timer_stops_once_a_tick_finds_nobody_waiting_and_starts_again_with_the_next_wait()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        using var pacer = new ReadPacer(Interval, clock);
        Assert.Equal(0, clock.PendingTimers);

        _ = pacer.NextTickAsync(CancellationToken.None);
        Assert.Equal(1, clock.PendingTimers);
        clock.Advance(Interval); // releases the wait
        clock.Advance(Interval); // nobody waits: the timer stops
        Assert.Equal(0, clock.PendingTimers);

        _ = pacer.NextTickAsync(CancellationToken.None);
        Assert.Equal(1, clock.PendingTimers);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_at_once_and_leaves_the_others_waiting()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        using var pacer = new ReadPacer(Interval, clock);
        using var cancel = new CancellationTokenSource();
        var cancelled = pacer.NextTickAsync(cancel.Token);
        var other = pacer.NextTickAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(other.IsCompleted);
        clock.Advance(Interval);
        await other.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
