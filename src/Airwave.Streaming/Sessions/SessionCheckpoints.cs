using Airwave.Persistence.Sessions;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// Writes, per call, the checkpoints of the sessions whose connection is new or due a keep-alive and the final states of
/// ended connections in one batch of the session store, then the playheads of every connected session in one progress
/// row (<see cref="SessionProgress"/>) when any of them moved: never a database write per listener.
/// </summary>
/// <remarks>
/// <para>
/// Progress is read from the counters the listeners' handles keep anyway (playhead, bytes), so streaming pays nothing
/// for it. A checkpoint of a connected session names this node run as its <see cref="ListenerSessionCheckpoint.Writer"/>,
/// so a resume elsewhere (after a crash too) reads the playhead from this run's latest progress row: as exact as a
/// checkpoint per session per interval was, at one row per node.
/// </para>
/// <para>
/// Each checkpoint takes the next version of its session and supersedes the last one (the store prunes those). A
/// session another node wrote meanwhile (it took our version first) is let go here: its connection streams on
/// unrecorded. A connected session is written only at its connection's start and every keep-alive, so that is when
/// this node finds out.
/// </para>
/// </remarks>
internal sealed class SessionCheckpoints(
    SessionTable table, IListenerSessionStore store, ListenerSessionOptions options, TimeProvider clock, ILogger log) : IDisposable
{
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly SessionProgress.Builder progress = new();
    private readonly SessionCheckpointFormat.Encoder states = new();
    private long progressVersion;

    /// <summary>True when the last progress row was not stored: the next one is written even if nothing moved since.</summary>
    private bool progressLost;

    /// <summary>This node run, as checkpoints name it: a new one per start, so its progress versions never collide.</summary>
    public string Writer { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Writes what is due; returns how many sessions' stored state it brought up to date: checkpoints written, and
    /// sessions whose playhead or bytes moved into the progress row (0 also when a write failed: it is retried next time).
    /// </summary>
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var written = await WriteCheckpointsAsync(CollectDue(now), now, cancellationToken).ConfigureAwait(false);
            return written + await WriteProgressAsync(now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writing.Release();
        }
    }

    public void Dispose()
    {
        writing.Dispose();
        progress.Dispose();
        states.Dispose();
    }

    /// <summary>The checkpoints due: connections new since the last one, keep-alives, final states.</summary>
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
                    if (!ReferenceEquals(entry.WrittenOwner, owner) || now - entry.WrittenUtc >= options.KeepAlive)
                    {
                        due.Add(new DueCheckpoint(entry, entry.NextVersion, owner, owner.Checkpoint(now, Writer), owner.Handle.BytesSent));
                    }
                }
                else if (entry.Dirty && entry.Latest is { } final)
                {
                    due.Add(new DueCheckpoint(entry, entry.NextVersion, null, final, entry.WrittenBytes));
                }
            }
        }

        return due;
    }

    /// <summary>Writes the due checkpoints in one batch; returns how many were stored.</summary>
    private async Task<int> WriteCheckpointsAsync(List<DueCheckpoint> due, DateTime now, CancellationToken cancellationToken)
    {
        if (due.Count == 0)
        {
            return 0;
        }

        IReadOnlySet<string> lost;
        try
        {
            lost = await store.SaveAsync(due.ConvertAll(d => new SessionStateWrite(d.Entry.Id, d.Version, states.Encode(d.State))), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "could not write listener session checkpoints; retrying in {Interval}", options.CheckpointInterval);
            return 0;
        }

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

        return due.Count - lost.Count;
    }

    /// <summary>
    /// Writes the next progress row, with every connected session, when a playhead or a byte count moved since it was last
    /// written (a checkpoint just written counts); returns how many sessions had moved, once the row is stored.
    /// </summary>
    /// <remarks>
    /// Read straight from the handles into the reused row buffer: this runs for every listener every interval, and
    /// allocates only the row's array.
    /// </remarks>
    private async Task<int> WriteProgressAsync(DateTime now, CancellationToken cancellationToken)
    {
        progress.Begin(now);
        var moved = 0;
        foreach (var entry in table.Entries)
        {
            lock (entry.Gate)
            {
                if (entry.Removed || entry.Owner is not { } owner || entry.Loading is not { IsCompletedSuccessfully: true })
                {
                    continue;
                }

                var (seq, bytes) = (owner.Handle.Playhead.Seq, owner.Handle.BytesSent);
                if (seq != entry.WrittenSeq || bytes != entry.WrittenBytes)
                {
                    (entry.WrittenSeq, entry.WrittenBytes) = (seq, bytes);
                    moved++;
                }

                owner.AddTo(progress);
            }
        }

        if (moved == 0 && !progressLost)
        {
            return 0;
        }

        try
        {
            await store.SaveProgressAsync(Writer, progressVersion + 1, progress.ToArray(), cancellationToken).ConfigureAwait(false);
            progressVersion++;
            progressLost = false;
            return moved;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "could not write the progress of listener sessions; retrying in {Interval}", options.CheckpointInterval);
            progressLost = true;
            return 0;
        }
    }

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

            entry.WrittenOwner = written.Owner;
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
        if (entry.PersistedWaiters is not { } waiters)
        {
            return;
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }

        entry.PersistedWaiters = null;
    }

    /// <summary>One session's checkpoint in the batch being written, and the connection it is of (null for a final state).</summary>
    private sealed record DueCheckpoint(SessionEntry Entry, long Version, SessionConnection? Owner, ListenerSessionCheckpoint State, long HandleBytes);
}
