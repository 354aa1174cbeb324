namespace Airwave.Channels.Ingest;

/// <summary>
/// One clock for the reads of every pulled upstream of a node: a read that may wait waits for the next shared tick, so
/// 200 upstreams that keep up wake the node together four times a second instead of 800 times at random moments.
/// </summary>
/// <remarks>
/// Each wake-up costs more than the read it serves on a small machine: a timer thread wakes, a parked thread-pool worker
/// is woken, and a virtual machine pays an interrupt round trip per context switch. Released together, the reads run
/// back to back on workers that are already awake. The timer runs only while someone waits, so an idle node does not tick.
/// </remarks>
public sealed class ReadPacer : IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeSpan interval;
    private readonly ITimer timer;
    private TaskCompletionSource? next;
    private bool ticking;

    /// <param name="interval">The time between two ticks: the least time between two reads of an upstream that keeps up.</param>
    /// <param name="clock">Drives the ticks.</param>
    public ReadPacer(TimeSpan interval, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        this.interval = interval;
        timer = clock.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The time between two ticks.</summary>
    public TimeSpan Interval => interval;

    /// <summary>Completes at the next tick (its continuation runs on the thread pool, not on the timer).</summary>
    public Task NextTickAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!ticking)
            {
                ticking = true;
                timer.Change(interval, interval);
            }

            return next.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => timer.Dispose();

    private void Tick()
    {
        TaskCompletionSource? due;
        lock (gate)
        {
            due = next;
            next = null;
            if (due is null)
            {
                // Nobody waited through a whole interval: stop until the next wait.
                ticking = false;
                timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        due?.TrySetResult();
    }
}
