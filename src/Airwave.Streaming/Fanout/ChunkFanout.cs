namespace Airwave.Streaming.Fanout;

/// <summary>
/// Sends each new chunk of a channel to its parked listeners in a loop on a pool thread, as Icecast's source thread
/// does, instead of resuming one continuation per listener.
/// </summary>
/// <remarks>
/// Passes are held to one per send interval (<see cref="SendPacing"/>, the channel's <c>send-interval</c>), so a
/// listener is sent what arrived in the interval in one write. The listeners are spread over one shard per core, each
/// its own loop, so a channel with tens of thousands of listeners still uses every core of the node. Publishes that
/// arrive while a shard's pass runs are coalesced into one more pass, so a listener parked meanwhile is never missed and
/// a shard's loop never runs twice at once. A listener a step woke leaves its shard's list; one that parks again is added
/// again. Lists are swapped, not reallocated, so a pass allocates nothing.
/// <para>
/// A ticking fan-out (<see cref="Ticking"/>) serves paced listeners: instead of passing when a chunk arrives, it passes
/// once a period for as long as anyone is listed, and its timer stops when the list is empty.
/// </para>
/// </remarks>
public sealed class ChunkFanout : IDisposable
{
    private readonly Shard[] shards;
    private readonly TimeProvider clock;
    private readonly long origin;
    private readonly Lock gate = new();
    private readonly SendPacing pacing;
    private readonly ITimer? held;
    private readonly ITimer? ticker;
    private uint next;
    private bool ticking;
    private bool disposed;

    /// <param name="clock">Times the send interval.</param>
    /// <param name="sendInterval">The shortest time between two passes; zero passes at every publish.</param>
    public ChunkFanout(TimeProvider clock, TimeSpan sendInterval)
        : this(clock, sendInterval, TimeSpan.Zero)
    {
    }

    private ChunkFanout(TimeProvider clock, TimeSpan sendInterval, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(clock);
        shards = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Shard())];
        this.clock = clock;
        origin = clock.GetTimestamp();
        pacing = new SendPacing(sendInterval);
        Period = period;
        held = sendInterval > TimeSpan.Zero
            ? clock.CreateTimer(static state => ((ChunkFanout)state!).PassHeld(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
            : null;
        ticker = period > TimeSpan.Zero
            ? clock.CreateTimer(static state => ((ChunkFanout)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
            : null;
    }

    /// <summary>How often a ticking fan-out passes while anyone is listed; zero for one that passes on publishes.</summary>
    public TimeSpan Period { get; }

    /// <summary>How many listeners are listed (parked, or woken or moved to another channel and not yet passed over).</summary>
    public int Count => shards.Sum(shard => shard.Count);

    /// <summary>
    /// A fan-out for paced (time-shifted) listeners, which are due chunks by the clock, not when chunks arrive: it passes
    /// every <paramref name="period"/> while anyone is listed, so each of them is sent what fell due in the period in
    /// one write, from one loop per core, as live listeners are, instead of waking its own loop per chunk.
    /// </summary>
    public static ChunkFanout Ticking(TimeProvider clock, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return new ChunkFanout(clock, TimeSpan.Zero, period);
    }

    /// <summary>Asks for a pass over the parked listeners, one per shard on the thread pool: now, or when the send interval the last pass began is over.</summary>
    public void Publish()
    {
        lock (gate)
        {
            // Once the channel closed, passes go at once: nothing is left to hold them back for.
            if (!disposed && !pacing.Publish(clock.GetElapsedTime(origin).Ticks, out var armFor))
            {
                if (armFor > TimeSpan.Zero)
                {
                    held!.Change(armFor, Timeout.InfiniteTimeSpan);
                }

                return;
            }
        }

        Pass();
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            held?.Dispose();
            ticker?.Dispose();
        }
    }

    /// <summary>Lists <paramref name="listener"/> under its listing <paramref name="number"/>, which each pass hands back to it.</summary>
    internal void Add(ParkedListener listener, int number)
    {
        shards[Interlocked.Increment(ref next) % (uint)shards.Length].Add(new Listing(listener, number));
        if (ticker is null)
        {
            return;
        }

        // Listed before the check, so a tick that found the list empty and stopped is started again here.
        lock (gate)
        {
            if (!ticking && !disposed)
            {
                ticking = true;
                ticker.Change(Period, Period);
            }
        }
    }

    private void Tick()
    {
        lock (gate)
        {
            if (disposed || !ticking)
            {
                return;
            }

            if (Count == 0)
            {
                ticking = false;
                ticker!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        Pass();
    }

    private void PassHeld()
    {
        lock (gate)
        {
            pacing.Fired(clock.GetElapsedTime(origin).Ticks);
        }

        Pass();
    }

    private void Pass()
    {
        foreach (var shard in shards)
        {
            shard.Publish();
        }
    }

    private readonly record struct Listing(ParkedListener Listener, int Number);

    private sealed class Shard : IThreadPoolWorkItem
    {
        private readonly Lock gate = new();
        private List<Listing> parked = [];
        private List<Listing> spare = [];
        private int requests;

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return parked.Count + spare.Count;
                }
            }
        }

        public void Publish()
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }

        public void Add(Listing listing)
        {
            lock (gate)
            {
                parked.Add(listing);
            }
        }

        void IThreadPoolWorkItem.Execute()
        {
            var seen = Volatile.Read(ref requests);
            while (true)
            {
                Pass();
                var left = Interlocked.Add(ref requests, -seen);
                if (left == 0)
                {
                    return;
                }

                seen = left;
            }
        }

        private void Pass()
        {
            List<Listing> passing;
            lock (gate)
            {
                passing = parked;
                parked = spare;
                spare = passing;
            }

            var kept = 0;
            for (var i = 0; i < passing.Count; i++)
            {
                var listing = passing[i];
                if (listing.Listener.Continue(listing.Number))
                {
                    passing[kept++] = listing;
                }
            }

            passing.RemoveRange(kept, passing.Count - kept);
            lock (gate)
            {
                // Those parked during the pass join the ones that stay.
                passing.AddRange(parked);
                parked.Clear();
                spare = parked;
                parked = passing;
            }
        }
    }
}
