using Airwave.Persistence.Sessions;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// Writes the progress of every session that changed since its last checkpoint and the final states of ended connections
/// in one batch of the session store per call: never one database write per listener.
/// </summary>
/// <remarks>
/// Progress is read from the counters the listeners' handles keep anyway (playhead, bytes), so streaming pays nothing
/// for it. Each checkpoint takes the next version of its session and supersedes the last one (the store prunes those). A
/// session another node wrote meanwhile (it took our version first) is let go here: its connection streams on unrecorded.
/// </remarks>
internal sealed class SessionCheckpoints(
    SessionTable table, IListenerSessionStore store, ListenerSessionOptions options, TimeProvider clock, ILogger log) : IDisposable
{
    private readonly SemaphoreSlim writing = new(1, 1);
    /// <summary>Writes what is due; returns how many sessions it checkpointed (0 also when a write failed: what it held is retried next time).</summary>
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = CollectDue(now);
            var written = 0;
            if (due.Count > 0)
            {
                var lost = await store.SaveAsync(States(due), cancellationToken).ConfigureAwait(false);
                foreach (var state in due)
                {
                    if (lost.Contains(state.Entry.Id))
                    {
                        LetGo(state.Entry);
                    }
                    else
                    {
                        Apply(state, now);
                    }
                }

                written = due.Count - lost.Count;
            }

            return written;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "could not write listener session checkpoints; retrying in {Interval}", options.CheckpointInterval);
            return 0;
        }
        finally
        {
            writing.Release();
        }
    }

    private List<DueCheckpoint> CollectDue(DateTime now)
    {
        var due = new List<DueCheckpoint>();
        foreach (var entry in table.Entries)
        {
            lock (entry.Gate)
            {
                if (entry.Removed || entry.Loading is not { IsCompletedSuccessfully: true })
                {
                    continue;
                }

                if (entry.Owner is { } owner)
                {
                    var handle = owner.Handle;
                    if (handle.Playhead.Seq != entry.WrittenSeq || handle.BytesSent != entry.WrittenBytes || now - entry.WrittenUtc >= options.KeepAlive)
                    {
                        due.Add(new DueCheckpoint(entry, entry.NextVersion, owner.Checkpoint(now), handle.BytesSent));
                    }
                }
                else if (entry.Dirty && entry.Latest is { } final)
                {
                    due.Add(new DueCheckpoint(entry, entry.NextVersion, final, entry.WrittenBytes));
                }
            }
        }

        return due;
    }

    private static List<SessionStateWrite> States(List<DueCheckpoint> due) =>
        due.ConvertAll(d => new SessionStateWrite(d.Entry.Id, d.Version, SessionJson.Serialize(d.State)));

    public void Dispose() => writing.Dispose();

    private void Apply(DueCheckpoint written, DateTime now)
    {
        var entry = written.Entry;
        lock (entry.Gate)
        {
            entry.NextVersion = written.Version + 1;
            entry.WrittenSeq = written.State.PlayheadSeq;
            entry.WrittenBytes = written.HandleBytes;
            entry.WrittenUtc = now;
            if (entry.Owner is null && ReferenceEquals(entry.Latest, written.State))
            {
                entry.Dirty = false;
            }

            if (!entry.Dirty)
            {
                CompleteWaiters(entry);
            }

            table.RemoveIfIdle(entry);
        }
    }

    private void LetGo(SessionEntry entry)
    {
        lock (entry.Gate)
        {
            log.LogWarning("listener session {Session} was written by another node meanwhile; this node stops recording it", entry.Id);
            entry.Owner = null;
            entry.Dirty = false;
            CompleteWaiters(entry);
            table.Remove(entry);
        }
    }

    private static void CompleteWaiters(SessionEntry entry)
    {
        foreach (var waiter in entry.PersistedWaiters)
        {
            waiter.TrySetResult();
        }

        entry.PersistedWaiters.Clear();
    }

    /// <summary>One session's checkpoint in the batch being written.</summary>
    private sealed record DueCheckpoint(SessionEntry Entry, long Version, ListenerSessionCheckpoint State, long HandleBytes);
}
