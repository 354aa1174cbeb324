namespace Airwave.Cluster.Membership;

/// <summary>The last membership changes this node saw, numbered, for <c>cluster tail</c>: written by <see cref="MembershipActor"/>, read by the admin API.</summary>
internal sealed class MembershipEventLog(TimeProvider clock)
{
    private const int Capacity = 1000;
    private readonly Lock gate = new();
    private readonly Queue<MembershipEvent> events = new();
    private long lastId;
    private TaskCompletionSource appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long LastId
    {
        get
        {
            lock (gate)
            {
                return lastId;
            }
        }
    }

    public void Append(string address, string change, MemberStatus status, bool reachable)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            events.Enqueue(new MembershipEvent(++lastId, clock.GetUtcNow().UtcDateTime, address, change, status, reachable));
            if (events.Count > Capacity)
            {
                events.Dequeue();
            }

            wake = appended;
            appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.TrySetResult();
    }

    /// <summary>Events after <paramref name="after"/>, waiting up to <paramref name="wait"/> for the first.</summary>
    public async Task<MembershipEventPage> AfterAsync(long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetTimestamp() + (long)(wait.TotalSeconds * clock.TimestampFrequency);
        while (true)
        {
            Task next;
            lock (gate)
            {
                var found = events.Where(e => e.Id > after).ToList();
                if (found.Count > 0)
                {
                    return new MembershipEventPage(found[^1].Id, found);
                }

                next = appended.Task;
            }

            var left = clock.GetElapsedTime(clock.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                return new MembershipEventPage(after, []);
            }

            try
            {
                await next.WaitAsync(left, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return new MembershipEventPage(after, []);
            }
        }
    }
}
