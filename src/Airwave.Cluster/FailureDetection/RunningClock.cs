namespace Airwave.Cluster.FailureDetection;

/// <summary>
/// Monotonic milliseconds that stand still while this process does not run (SIGSTOP, a stalled VM, a pause of the whole
/// process): the time in which <see cref="PauseAwareFailureDetector"/> measures a member's silence.
/// </summary>
/// <remarks>
/// <para>
/// A thread of its own calls <see cref="Tick"/> every <see cref="TickInterval"/>. A gap between two ticks longer than
/// <see cref="StallAllowance"/> is time the process did not run, beyond the allowance; so is the time since the last
/// tick beyond the allowance, while the ticking thread has not run yet after such a gap: a resumed process's failure
/// detector may be asked before that thread has run.
/// </para>
/// <para>
/// An instance keeps the time it is given: the thread is <see cref="Process"/>'s, and tests drive an instance with their
/// own.
/// </para>
/// </remarks>
internal sealed class RunningClock
{
    /// <summary>How often the process's clock ticks.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>A gap between ticks longer than this is time the process did not run: well past a scheduler's delay, short of the failure detector's 2 s pause.</summary>
    public static readonly TimeSpan StallAllowance = TimeSpan.FromSeconds(1);

    private readonly Func<long> monotonicMilliseconds;
    private readonly long allowance = (long)StallAllowance.TotalMilliseconds;
    private State state;

    /// <param name="monotonicMilliseconds">The monotonic clock it runs beside.</param>
    public RunningClock(Func<long> monotonicMilliseconds)
    {
        this.monotonicMilliseconds = monotonicMilliseconds;
        state = new State(monotonicMilliseconds(), 0);
    }

    /// <summary>This process's running clock, ticked by a background thread from first use.</summary>
    public static RunningClock Process => Ticking.Clock;

    /// <summary>Milliseconds of the monotonic clock less the time this process did not run.</summary>
    public long Now()
    {
        var now = monotonicMilliseconds();
        var (lastTick, stalled) = Volatile.Read(ref state);
        return now - stalled - Math.Max(0, now - lastTick - allowance);
    }

    /// <summary>Marks the process as running now; a gap since the last tick beyond the allowance is counted as stalled.</summary>
    public void Tick()
    {
        var now = monotonicMilliseconds();
        var (lastTick, stalled) = state;
        Volatile.Write(ref state, new State(now, stalled + Math.Max(0, now - lastTick - allowance)));
    }

    /// <summary>The last tick and the stalled time summed before it, swapped whole so that a reader never sees half of a tick.</summary>
    private sealed record State(long LastTick, long Stalled);

    /// <summary>The process's clock and the thread that ticks it (a thread of its own: the thread pool's delays are not the process stopping).</summary>
    private static class Ticking
    {
        public static readonly RunningClock Clock = Start();

        private static RunningClock Start()
        {
            // The system's monotonic milliseconds: they go on while the process is stopped (and never overflow, where
            // Stopwatch ticks times 1,000 would after 106 days of uptime).
            var clock = new RunningClock(() => Environment.TickCount64);
            new Thread(() =>
            {
                while (true)
                {
                    Thread.Sleep(TickInterval);
                    clock.Tick();
                }
            })
            {
                IsBackground = true,
                Name = "airwave running clock",
            }.Start();
            return clock;
        }
    }
}
