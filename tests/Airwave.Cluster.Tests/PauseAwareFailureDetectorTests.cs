using Airwave.Cluster.FailureDetection;
using Akka.Configuration;

namespace Airwave.Cluster.Tests;

/// <summary>
/// The cluster's failure detector measures a member's silence on a clock that stands still while this process does not
/// run: a freeze of this process is not held against the members it could not hear, their own silence is.
/// </summary>
public sealed class PauseAwareFailureDetectorTests
{
    /// <summary>The node's settings (src/Airwave.Node/Hosting/AkkaConfig.cs) over Akka's defaults for the rest.</summary>
    private static readonly Config Settings = ConfigurationFactory.ParseString("""
        heartbeat-interval = 500ms
        acceptable-heartbeat-pause = 2s
        threshold = 8.0
        max-sample-size = 1000
        min-std-deviation = 100ms
        """);

    private long now = 1_000_000;

    [Fact]
    public void The_running_clock_follows_the_monotonic_one_while_the_process_ticks()
    {
        var clock = new RunningClock(() => now);
        var start = clock.Now();

        RunTicking(TimeSpan.FromSeconds(5), clock);

        Assert.Equal(5_000, clock.Now() - start);
    }

    [Fact]
    public void The_running_clock_stands_still_while_the_process_is_stopped_and_goes_on_from_there_without_a_jump()
    {
        var clock = new RunningClock(() => now);
        RunTicking(TimeSpan.FromSeconds(1), clock);
        var beforeFreeze = clock.Now();

        now += 5_000; // stopped: no tick for 5 s
        var onResuming = clock.Now();
        clock.Tick();
        var afterTick = clock.Now();
        RunTicking(TimeSpan.FromSeconds(1), clock);

        // Only the allowance of the 5 s counts: within it a late tick is the scheduler's, not a stop.
        Assert.Equal(beforeFreeze + (long)RunningClock.StallAllowance.TotalMilliseconds, onResuming);
        Assert.Equal(onResuming, afterTick);
        Assert.Equal(afterTick + 1_000, clock.Now());
    }

    [Fact]
    public void A_member_is_still_available_after_this_process_was_frozen_for_5_seconds()
    {
        var clock = new RunningClock(() => now);
        var detector = new PauseAwareFailureDetector(Settings, clock);
        HeartbeatsFor(TimeSpan.FromSeconds(10), detector, clock);

        now += 5_000; // this process stopped; the member's heartbeats wait in the socket

        Assert.True(detector.IsAvailable, "a member this process could not hear while frozen was reported unreachable");
        detector.HeartBeat();
        Assert.True(detector.IsAvailable);
    }

    [Fact]
    public void A_member_that_stays_silent_while_this_process_runs_is_unavailable_as_with_akkas_own_detector()
    {
        var clock = new RunningClock(() => now);
        var detector = new PauseAwareFailureDetector(Settings, clock);
        HeartbeatsFor(TimeSpan.FromSeconds(10), detector, clock);

        // Heartbeats every 500 ms and a 2 s pause: phi passes 8 a little after 3 s of silence.
        RunTicking(TimeSpan.FromSeconds(2.5), clock);
        Assert.True(detector.IsAvailable);
        RunTicking(TimeSpan.FromSeconds(1), clock);

        Assert.False(detector.IsAvailable, "a member silent for 3.5 s of this process running was still available");
    }

    [Fact]
    public void A_member_silent_before_this_process_froze_is_unavailable_once_it_has_run_long_enough_after()
    {
        var clock = new RunningClock(() => now);
        var detector = new PauseAwareFailureDetector(Settings, clock);
        HeartbeatsFor(TimeSpan.FromSeconds(10), detector, clock);
        RunTicking(TimeSpan.FromSeconds(1.5), clock); // the member stops answering

        now += 5_000; // 1 s of it counted: the allowance
        clock.Tick();
        RunTicking(TimeSpan.FromSeconds(1), clock);

        Assert.False(detector.IsAvailable, "running time before and after the freeze adds up to the member's silence");
    }

    /// <summary>The process runs for <paramref name="span"/>, its clock ticking as <see cref="RunningClock.Process"/>'s does.</summary>
    private void RunTicking(TimeSpan span, RunningClock clock)
    {
        for (var t = 0L; t < (long)span.TotalMilliseconds; t += (long)RunningClock.TickInterval.TotalMilliseconds)
        {
            now += (long)RunningClock.TickInterval.TotalMilliseconds;
            clock.Tick();
        }
    }

    /// <summary>A member heartbeats every 500 ms for <paramref name="span"/> while the process runs.</summary>
    private void HeartbeatsFor(TimeSpan span, PauseAwareFailureDetector detector, RunningClock clock)
    {
        for (var t = 0L; t < (long)span.TotalMilliseconds; t += 500)
        {
            RunTicking(TimeSpan.FromMilliseconds(500), clock);
            detector.HeartBeat();
        }
    }
}
