namespace Airwave.Channels.Journaling;

/// <summary>
/// Reads by key that share statements: while one read is in flight, every key asked for meanwhile waits, and the next
/// statement reads all of them (up to <paramref name="maxBatch"/> keys a statement), one statement at a time.
/// </summary>
/// <remarks>
/// When a node dies, its listeners come back to another node within seconds, each asking for its session. One statement
/// (and one pooled connection) each meant hundreds of connections opened at once on a fresh node, each a new database
/// backend to start, and the first listeners waited seconds for their first byte (docs/benchmarks.md). A lone read waits
/// for nothing: it goes out at once, as before.
/// </remarks>
/// <param name="readMany">Reads the values of the keys given (a key with none is left out of the answer).</param>
/// <param name="maxBatch">The most keys one statement reads.</param>
internal sealed class CoalescedReads<TValue>(Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, TValue>>> readMany, int maxBatch)
    where TValue : class
{
    private readonly Lock gate = new();
    private Dictionary<string, TaskCompletionSource<TValue?>> waiting = new(StringComparer.Ordinal);
    private bool reading;

    /// <summary>The key's value, or null when it has none; faults with the statement's failure.</summary>
    public Task<TValue?> ReadAsync(string key)
    {
        TaskCompletionSource<TValue?>? read;
        lock (gate)
        {
            if (!waiting.TryGetValue(key, out read))
            {
                read = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiting.Add(key, read);
            }

            if (reading)
            {
                return read.Task;
            }

            reading = true;
        }

        _ = ReadWaitingAsync();
        return read.Task;
    }

    /// <summary>Reads what waits, a statement at a time, until nothing does.</summary>
    private async Task ReadWaitingAsync()
    {
        while (TakeBatch() is { } batch)
        {
            try
            {
                var values = await readMany([.. batch.Keys]).ConfigureAwait(false);
                foreach (var (key, read) in batch)
                {
                    read.TrySetResult(values.GetValueOrDefault(key));
                }
            }
            catch (Exception e)
            {
                foreach (var read in batch.Values)
                {
                    read.TrySetException(e);
                }
            }
        }
    }

    /// <summary>Up to <c>maxBatch</c> waiting reads, taken off the waiting ones; null (and no longer reading) when none wait.</summary>
    private Dictionary<string, TaskCompletionSource<TValue?>>? TakeBatch()
    {
        lock (gate)
        {
            if (waiting.Count == 0)
            {
                reading = false;
                return null;
            }

            if (waiting.Count <= maxBatch)
            {
                var all = waiting;
                waiting = new Dictionary<string, TaskCompletionSource<TValue?>>(StringComparer.Ordinal);
                return all;
            }

            var batch = new Dictionary<string, TaskCompletionSource<TValue?>>(maxBatch, StringComparer.Ordinal);
            foreach (var (key, read) in waiting)
            {
                batch.Add(key, read);
                if (batch.Count == maxBatch)
                {
                    break;
                }
            }

            foreach (var key in batch.Keys)
            {
                waiting.Remove(key);
            }

            return batch;
        }
    }
}
