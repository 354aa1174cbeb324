using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.TestFixtures;
using Xunit;

namespace Airwave.Streaming.Tests.Fanout;

public sealed class ChunkFanoutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_parked_listener_is_stepped_once_per_publish_and_stays_parked_while_its_steps_say_so()
    {
        var fanout = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        var steps = 0;
        var listener = new ParkedListener(new Steps(() =>
        {
            Interlocked.Increment(ref steps);
            return ParkedStep.Stay;
        }));

        var woken = listener.ParkAsync(fanout);
        Assert.Equal(1, Volatile.Read(ref steps));

        for (var i = 0; i < 3; i++)
        {
            fanout.Publish();
            var expected = i + 2;
            await Eventually.AssertAsync(() => Assert.Equal(expected, Volatile.Read(ref steps)), Patience);
        }

        Assert.False(woken.IsCompleted);
        Assert.Equal(1, fanout.Count);
    }

    [Fact]
    public async Task Chunks_published_inside_the_send_interval_reach_a_parked_listener_in_one_pass_when_it_ends()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        var fanout = new ChunkFanout(clock, TimeSpan.FromSeconds(1));
        var steps = 0;
        var listener = new ParkedListener(new Steps(() =>
        {
            Interlocked.Increment(ref steps);
            return ParkedStep.Stay;
        }));
        var woken = listener.ParkAsync(fanout);

        // The first chunk after a quiet interval goes at once.
        fanout.Publish();
        await Eventually.AssertAsync(() => Assert.Equal(2, Volatile.Read(ref steps)), Patience);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        fanout.Publish();
        clock.Advance(TimeSpan.FromMilliseconds(400));
        fanout.Publish();
        Assert.Equal(1, clock.PendingTimers);
        await Task.Delay(100);
        Assert.Equal(2, Volatile.Read(ref steps));

        clock.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.AssertAsync(() => Assert.Equal(3, Volatile.Read(ref steps)), Patience);
        Assert.Equal(0, clock.PendingTimers);
        Assert.False(woken.IsCompleted);
    }

    [Fact]
    public async Task A_step_that_asks_to_wake_ends_the_wait_and_leaves_the_list()
    {
        var fanout = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        var wake = false;
        var listener = new ParkedListener(new Steps(() => Volatile.Read(ref wake) ? ParkedStep.Wake : ParkedStep.Stay));
        var woken = listener.ParkAsync(fanout);

        Volatile.Write(ref wake, true);
        fanout.Publish();

        Assert.True(await woken.AsTask().WaitAsync(Patience));
        await Eventually.AssertAsync(() => Assert.Equal(0, fanout.Count), Patience);
    }

    [Fact]
    public async Task A_gone_listener_wakes_with_false()
    {
        var fanout = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        var gone = false;
        var listener = new ParkedListener(new Steps(() => Volatile.Read(ref gone) ? ParkedStep.Gone : ParkedStep.Stay));
        var woken = listener.ParkAsync(fanout);

        Volatile.Write(ref gone, true);
        fanout.Publish();

        Assert.False(await woken.AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Wake_asked_during_a_step_takes_effect_when_the_step_ends()
    {
        var fanout = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        using var inStep = new SemaphoreSlim(0);
        using var finishStep = new SemaphoreSlim(0);
        var first = true;
        ParkedListener? listener = null;
        listener = new ParkedListener(new Steps(() =>
        {
            if (first)
            {
                first = false;
                return ParkedStep.Stay;
            }

            inStep.Release();
            finishStep.Wait(Patience);
            return ParkedStep.Stay;
        }));
        var woken = listener.ParkAsync(fanout);

        fanout.Publish();
        Assert.True(await inStep.WaitAsync(Patience));
        listener.Wake();
        Assert.False(woken.IsCompleted);
        finishStep.Release();

        Assert.True(await woken.AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task A_publish_during_the_listeners_own_first_step_has_that_step_run_again()
    {
        var fanout = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        using var inFirstStep = new SemaphoreSlim(0);
        using var finishFirstStep = new SemaphoreSlim(0);
        var steps = 0;
        var listener = new ParkedListener(new Steps(() =>
        {
            if (Interlocked.Increment(ref steps) == 1)
            {
                // The listener's own step on parking: it looked before the chunk below was published.
                inFirstStep.Release();
                finishFirstStep.Wait(Patience);
            }

            return ParkedStep.Stay;
        }));

        var parking = Task.Run(() => listener.ParkAsync(fanout));
        Assert.True(await inFirstStep.WaitAsync(Patience));

        // What a pass does on a publish now (for its first listing): it finds the step under way and keeps the listener listed.
        Assert.True(listener.Continue(1));
        finishFirstStep.Release();
        var woken = await parking.WaitAsync(Patience);

        Assert.Equal(2, Volatile.Read(ref steps));
        Assert.False(woken.IsCompleted);
    }

    [Fact]
    public async Task A_step_that_throws_fails_the_wait_instead_of_the_pool_thread()
    {
        var fanout = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        var fail = false;
        var listener = new ParkedListener(new Steps(() => Volatile.Read(ref fail) ? throw new InvalidOperationException("broken step") : ParkedStep.Stay));
        var woken = listener.ParkAsync(fanout);

        Volatile.Write(ref fail, true);
        fanout.Publish();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => woken.AsTask().WaitAsync(Patience));
        Assert.Equal("broken step", error.Message);
    }

    [Fact]
    public async Task A_listener_parked_again_after_waking_is_listed_once()
    {
        var fanout = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        var wakeNext = true;
        var listener = new ParkedListener(new Steps(() =>
        {
            if (Volatile.Read(ref wakeNext))
            {
                Volatile.Write(ref wakeNext, false);
                return ParkedStep.Wake;
            }

            return ParkedStep.Stay;
        }));

        // Its own first step wakes it at once: it is listed, woken, and parks again before any pass.
        Assert.True(await listener.ParkAsync(fanout));
        var parked = listener.ParkAsync(fanout);
        fanout.Publish();
        fanout.Publish();

        await Eventually.AssertAsync(() => Assert.Equal(1, fanout.Count), Patience);
        Assert.False(parked.IsCompleted);
    }

    [Fact]
    public async Task A_listener_that_moved_while_still_listed_on_its_old_fanout_is_stepped_by_its_new_one_only()
    {
        var from = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        var to = new ChunkFanout(TimeProvider.System, TimeSpan.Zero);
        var moving = true;
        var steps = 0;
        var listener = new ParkedListener(new Steps(() =>
        {
            Interlocked.Increment(ref steps);
            if (Volatile.Read(ref moving))
            {
                Volatile.Write(ref moving, false);
                return ParkedStep.Wake;
            }

            return ParkedStep.Stay;
        }));

        // A move asked for before it parked: its own first step wakes it while it is listed on the old channel's
        // fan-out, which has no publish to pass it over. It then parks on the new channel's.
        Assert.True(await listener.ParkAsync(from));
        var parked = listener.ParkAsync(to);
        Assert.Equal(2, Volatile.Read(ref steps));

        to.Publish();
        await Eventually.AssertAsync(() => Assert.Equal(3, Volatile.Read(ref steps)), Patience);

        // The old fan-out drops its entry without stepping the listener on the old channel's publish.
        from.Publish();
        await Eventually.AssertAsync(() => Assert.Equal(0, from.Count), Patience);
        Assert.Equal(3, Volatile.Read(ref steps));
        Assert.Equal(1, to.Count);
        Assert.False(parked.IsCompleted);
    }

    [Fact]
    public async Task A_ticking_fanout_steps_its_listeners_once_a_period_and_runs_its_timer_only_while_anyone_is_listed()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        using var fanout = ChunkFanout.Ticking(clock, TimeSpan.FromSeconds(1));
        Assert.Equal(0, clock.PendingTimers);
        var steps = 0;
        var leave = false;
        var listener = new ParkedListener(new Steps(() =>
        {
            Interlocked.Increment(ref steps);
            return Volatile.Read(ref leave) ? ParkedStep.Wake : ParkedStep.Stay;
        }));

        var parked = listener.ParkAsync(fanout);
        Assert.Equal(1, Volatile.Read(ref steps));
        Assert.Equal(1, clock.PendingTimers);
        for (var tick = 1; tick <= 3; tick++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var expected = tick + 1;
            await Eventually.AssertAsync(() => Assert.Equal(expected, Volatile.Read(ref steps)), Patience);
        }

        // Nothing between two ticks.
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await Task.Delay(100);
        Assert.Equal(4, Volatile.Read(ref steps));

        // The listener leaves at the next tick; the tick after finds nobody listed and stops the timer.
        Volatile.Write(ref leave, true);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(await parked.AsTask().WaitAsync(Patience));
        await Eventually.AssertAsync(() => Assert.Equal(0, fanout.Count), Patience);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, clock.PendingTimers);

        // Listed again, it is stepped on the ticks again.
        Volatile.Write(ref leave, false);
        var again = listener.ParkAsync(fanout);
        Assert.Equal(1, clock.PendingTimers);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.AssertAsync(() => Assert.Equal(7, Volatile.Read(ref steps)), Patience);
        Assert.False(again.IsCompleted);
    }

    /// <summary>Steps a test listener with a lambda.</summary>
    private sealed class Steps(Func<ParkedStep> step) : IParkable
    {
        public ParkedStep TakeStep() => step();
    }
}
