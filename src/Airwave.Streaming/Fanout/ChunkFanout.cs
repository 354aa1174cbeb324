namespace Airwave.Streaming.Fanout;

/// <summary>
/// Sends each new chunk of a channel to its parked listeners in a loop on a pool thread, as Icecast's source thread
/// does, instead of resuming one continuation per listener.
/// </summary>
/// <remarks>
/// The listeners are spread over one shard per core, each its own loop, so a channel with tens of thousands of listeners
/// still uses every core of the node. Publishes that arrive while a shard's pass runs are coalesced into one more pass,
/// so a listener parked meanwhile is never missed and a shard's loop never runs twice at once. A listener a step woke
/// leaves its shard's list; one that parks again is added again. Lists are swapped, not reallocated, so a pass allocates
/// nothing.
/// </remarks>
public sealed class ChunkFanout
{
    private readonly Shard[] shards;
    private uint next;

    public ChunkFanout() => shards = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Shard())];

    /// <summary>How many listeners are listed (parked, or woken and not yet passed over).</summary>
    public int Count => shards.Sum(shard => shard.Count);

    /// <summary>Asks for a pass over the parked listeners, one per shard on the thread pool.</summary>
    public void Publish()
    {
        foreach (var shard in shards)
        {
            shard.Publish();
        }
    }

    internal void Add(ParkedListener listener) => shards[Interlocked.Increment(ref next) % (uint)shards.Length].Add(listener);

    private sealed class Shard : IThreadPoolWorkItem
    {
        private readonly Lock gate = new();
        private List<ParkedListener> parked = [];
        private List<ParkedListener> spare = [];
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

        public void Add(ParkedListener listener)
        {
            lock (gate)
            {
                parked.Add(listener);
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
            List<ParkedListener> passing;
            lock (gate)
            {
                passing = parked;
                parked = spare;
                spare = passing;
            }

            var kept = 0;
            for (var i = 0; i < passing.Count; i++)
            {
                var listener = passing[i];
                if (listener.Continue())
                {
                    passing[kept++] = listener;
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
