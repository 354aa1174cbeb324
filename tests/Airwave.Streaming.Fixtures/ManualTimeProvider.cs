namespace Airwave.Streaming.Fixtures;

/// <summary>A clock that moves only when told, with timers that fire on <see cref="Advance"/>, so pacing is tested without sleeping.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private DateTimeOffset now;
    private long elapsedTicks;

    public ManualTimeProvider(DateTime startUtc) => now = new DateTimeOffset(startUtc, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp()
    {
        lock (gate)
        {
            return elapsedTicks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward and fires every timer that became due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        long target;
        lock (gate)
        {
            target = elapsedTicks + by.Ticks;
        }

        while (true)
        {
            ManualTimer? due;
            lock (gate)
            {
                due = timers.Where(t => t.DueTicks <= target).MinBy(t => t.DueTicks);
                var moveTo = due?.DueTicks ?? target;
                if (moveTo > elapsedTicks)
                {
                    now += TimeSpan.FromTicks(moveTo - elapsedTicks);
                    elapsedTicks = moveTo;
                }

                if (due is null)
                {
                    return;
                }

                timers.Remove(due);
                if (due.PeriodTicks > 0)
                {
                    due.DueTicks = elapsedTicks + due.PeriodTicks;
                    timers.Add(due);
                }
            }

            due.Fire();
        }
    }

    /// <summary>Waits (in real time, bounded) until someone waits on this clock.</summary>
    public async Task WaitForTimerAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (PendingTimers == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("nobody waited on the manual clock");
            }

            await Task.Delay(5);
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.DueTicks = elapsedTicks + Math.Max(0, dueTime.Ticks);
            timer.PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            timers.Add(timer);
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long DueTicks { get; set; }

        public long PeriodTicks { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
