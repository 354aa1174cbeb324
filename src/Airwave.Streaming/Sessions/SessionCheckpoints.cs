using System.Collections.Concurrent;
using Airwave.Persistence;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// Writes the progress of every session that changed since its last checkpoint, the final states of ended connections
/// and their session-ended records, in one journal batch per call: never one database write per listener.
/// </summary>
/// <remarks>
/// Progress is read from the counters the listeners' handles keep anyway (playhead, bytes), so streaming pays nothing
/// for it. Each checkpoint supersedes the session's earlier ones, so the journal holds one row per session. A session
/// another node wrote meanwhile (a sequence-number conflict) is let go here: its connection streams on unrecorded.
/// </remarks>
internal sealed class SessionCheckpoints(SessionTable table, PersistenceServices persistence, ListenerSessionOptions options, TimeProvider clock, ILogger log) : IDisposable
{
    private static readonly IReadOnlyList<string> CheckpointTags = [ListenerSessionCheckpoint.Tag];
    private static readonly IReadOnlyList<string> RecordTags = [ListenerSessionRecord.Tag];
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly ConcurrentQueue<ListenerSessionRecord> ended = new();
    private readonly List<ListenerSessionRecord> unwrittenRecords = [];

    /// <summary>Queues a connection's session-ended record for the next batch.</summary>
    public void RecordEnded(ListenerSessionRecord record) => ended.Enqueue(record);

    /// <summary>Writes what is due in one batch; returns how many sessions it checkpointed (0 also when the write failed: it is retried next time).</summary>
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = CollectDue(now);
            while (ended.TryDequeue(out var record))
            {
                unwrittenRecords.Add(record);
            }

            while (due.Count > 0 || unwrittenRecords.Count > 0)
            {
                try
                {
                    await persistence.Journal.WriteBatchAsync(Writes(due), cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (JournalConflictException conflict) when (SetAside(conflict.PersistenceId, due))
                {
                    // Written again without the write that lost.
                }
            }

            unwrittenRecords.Clear();
            foreach (var written in due)
            {
                Apply(written, now);
            }

            return due.Count;
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
                        due.Add(new DueCheckpoint(entry, entry.NextSeq, owner.Checkpoint(now), handle.BytesSent));
                    }
                }
                else if (entry.Dirty && entry.Latest is { } final)
                {
                    due.Add(new DueCheckpoint(entry, entry.NextSeq, final, entry.WrittenBytes));
                }
            }
        }

        return due;
    }

    private List<AtomicWrite> Writes(List<DueCheckpoint> due)
    {
        var serializer = persistence.Serializer;
        var writes = new List<AtomicWrite>(due.Count + unwrittenRecords.Count);
        foreach (var checkpoint in due)
        {
            writes.Add(new AtomicWrite(checkpoint.Entry.PersistenceId, [new EventToWrite(checkpoint.Seq, serializer.Serialize(checkpoint.State), CheckpointTags)])
            {
                SupersedesEarlier = true,
            });
        }

        foreach (var record in unwrittenRecords)
        {
            writes.Add(new AtomicWrite(record.PersistenceId, [new EventToWrite(1, serializer.Serialize(record), RecordTags)]));
        }

        return writes;
    }

    public void Dispose() => writing.Dispose();

    /// <summary>Takes the write that lost a conflict out of the batch; false when it is none of this batch's.</summary>
    /// <remarks>A session-ended record is only ever written once, so its conflict means an earlier attempt did store it.</remarks>
    private bool SetAside(string persistenceId, List<DueCheckpoint> due)
    {
        var lost = due.FindIndex(d => d.Entry.PersistenceId == persistenceId);
        if (lost >= 0)
        {
            LetGo(due[lost].Entry);
            due.RemoveAt(lost);
            return true;
        }

        return unwrittenRecords.RemoveAll(r => r.PersistenceId == persistenceId) > 0;
    }

    private void Apply(DueCheckpoint written, DateTime now)
    {
        var entry = written.Entry;
        lock (entry.Gate)
        {
            entry.NextSeq = written.Seq + 1;
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
    private sealed record DueCheckpoint(SessionEntry Entry, long Seq, ListenerSessionCheckpoint State, long HandleBytes);
}
