using Akka.Configuration;
using Akka.Event;
using Akka.Remote;

namespace Airwave.Cluster.FailureDetection;

/// <summary>
/// Akka's phi accrual failure detector, measuring on <see cref="RunningClock"/>: a member's silence while this process
/// itself did not run is not held against the member. Configured as the cluster's
/// <c>akka.cluster.failure-detector.implementation-class</c>; it reads the same settings as Akka's.
/// </summary>
/// <remarks>
/// A process frozen for seconds (SIGSTOP, a stalled VM) otherwise finds, on resuming, that it heard nothing from any member
/// for that long, and reports them all unreachable until their next heartbeats. Such a member had itself reported the
/// frozen one; the split-brain resolver then sees the two observing each other ("indirectly connected") and, if its
/// decision falls in that second, downs the healthy member with the frozen one: the test suite saw a slave and its
/// listeners go that way (docs/cluster.md). How others see the frozen process is unchanged: their clocks ran.
/// </remarks>
public sealed class PauseAwareFailureDetector : FailureDetector
{
    private readonly PhiAccrualFailureDetector phi;

    /// <summary>The constructor Akka calls, with the <c>akka.cluster.failure-detector</c> section.</summary>
    /// <param name="config">The section.</param>
    /// <param name="eventStream">Unused: Akka's own detector only logs growing heartbeat intervals to it.</param>
    public PauseAwareFailureDetector(Config config, EventStream eventStream)
        : this(config, RunningClock.Process)
    {
    }

    internal PauseAwareFailureDetector(Config config, RunningClock clock)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clock);
        phi = new PhiAccrualFailureDetector(
            config.GetDouble("threshold"),
            config.GetInt("max-sample-size"),
            config.GetTimeSpan("min-std-deviation"),
            config.GetTimeSpan("acceptable-heartbeat-pause"),
            config.GetTimeSpan("heartbeat-interval"),
            clock.Now);
    }

    public override bool IsAvailable => phi.IsAvailable;

    public override bool IsMonitoring => phi.IsMonitoring;

    public override void HeartBeat() => phi.HeartBeat();
}
