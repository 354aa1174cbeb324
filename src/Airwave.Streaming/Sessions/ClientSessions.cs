using Airwave.Persistence.Sessions;
using Airwave.Streaming.Fanout;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// The listener sessions of a node: each raw listener belongs to a session whose state (channel, playhead, bytes, client)
/// is checkpointed to the session store (Akka.Persistence) in batches, its playhead in the node's progress rows, so a
/// listener presenting its session id resumes where it was on any node sharing the journal. Also drains the listeners at
/// shutdown and expires sessions not seen for a while.
/// </summary>
public sealed class ClientSessions : IDisposable
{
    private const string DrainReason = "node draining";
    private static readonly TimeSpan DroppedGrace = TimeSpan.FromSeconds(5);
    private readonly IListenerSessionStore store;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly SessionTable table = new();
    private readonly SessionCheckpoints checkpoints;
    private readonly SessionExpiry expiry;
    private readonly SessionProgressReader progress;
    private readonly Lock connectionsGate = new();
    private readonly HashSet<SessionConnection> connections = [];
    private bool draining;

    /// <summary>Completed when the last connection ends once draining began: one task for all, not one per connection.</summary>
    private TaskCompletionSource? allEnded;
    private long resumed;

    public ClientSessions(IListenerSessionStore store, ListenerSessionOptions options, TimeProvider clock, ILogger<ClientSessions> log)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store;
        this.clock = clock;
        this.log = log;
        Options = options;
        checkpoints = new SessionCheckpoints(table, store, options, clock, log);
        expiry = new SessionExpiry(store, options, clock, log);
        progress = new SessionProgressReader(store, options.CheckpointInterval, clock);
    }

    public ListenerSessionOptions Options { get; }

    /// <summary>True once <see cref="DrainAsync"/> began: new listeners are refused.</summary>
    public bool IsDraining
    {
        get
        {
            lock (connectionsGate)
            {
                return draining;
            }
        }
    }

    /// <summary>Connections that resumed a session since the node started.</summary>
    public long Resumed => Interlocked.Read(ref resumed);

    /// <summary>The raw listener connections now.</summary>
    public IReadOnlyList<SessionConnection> Connections
    {
        get
        {
            lock (connectionsGate)
            {
                return [.. connections];
            }
        }
    }

    /// <summary>Holds a new session, with a new random id, for a request; nothing to read, since no one can know the id yet.</summary>
    public SessionClaim ClaimNew()
    {
        while (true)
        {
            var entry = table.GetOrAdd(SessionIds.New());
            lock (entry.Gate)
            {
                if (entry.Loading is null && !entry.Removed)
                {
                    entry.Loading = Task.CompletedTask;
                    entry.Claims++;
                    return new SessionClaim(this, entry.Id, entry, null);
                }
            }
        }
    }

    /// <summary>Holds <paramref name="sessionId"/> for a request and reads its latest state (this node's, else the store's).</summary>
    /// <remarks>When the store cannot be read the claim still works, without a state and without recording the session.</remarks>
    public async Task<SessionClaim> ClaimAsync(string sessionId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = table.GetOrAdd(sessionId);
            Task loading;
            lock (entry.Gate)
            {
                if (entry.Removed)
                {
                    continue;
                }

                loading = entry.Loading ??= Task.Run(() => LoadAsync(entry), CancellationToken.None);
            }

            try
            {
                await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "could not read listener session {Session}; serving it unrecorded", sessionId);
                lock (entry.Gate)
                {
                    table.Remove(entry);
                }

                return new SessionClaim(this, sessionId, null, null);
            }

            lock (entry.Gate)
            {
                if (entry.Removed)
                {
                    continue;
                }

                entry.Claims++;
                return new SessionClaim(this, sessionId, entry, entry.Owner?.Checkpoint(clock.GetUtcNow().UtcDateTime, null) ?? entry.Latest);
            }
        }
    }

    /// <summary>
    /// The connection stopped streaming: its final state goes into the next batch. The task completes once that state is
    /// stored (at once for a connection no longer recorded).
    /// </summary>
    public Task EndAsync(SessionConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (connectionsGate)
        {
            if (connections.Remove(connection) && connections.Count == 0)
            {
                allEnded?.TrySetResult();
            }
        }

        var persisted = Task.CompletedTask;
        if (connection.Entry is { } entry)
        {
            lock (entry.Gate)
            {
                if (entry.Owner == connection)
                {
                    entry.Owner = null;
                    entry.Latest = connection.Checkpoint(clock.GetUtcNow().UtcDateTime, null);
                    entry.Dirty = true;
                    var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    (entry.PersistedWaiters ??= []).Add(waiter);
                    persisted = waiter.Task;
                }
            }
        }

        return persisted;
    }

    /// <summary>Writes every session that changed, and everything that ended, now, in one batch; returns how many sessions it wrote.</summary>
    public Task<int> FlushAsync(CancellationToken cancellationToken = default) => checkpoints.WriteAsync(cancellationToken);

    /// <summary>Checkpoints every <see cref="ListenerSessionOptions.CheckpointInterval"/> and prunes expired sessions until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(CheckpointEveryIntervalAsync(cancellationToken), expiry.RunAsync(cancellationToken));

    /// <summary>Deletes the checkpoints of sessions not seen for <see cref="ListenerSessionOptions.ExpireAfter"/>; returns how many.</summary>
    public Task<int> PruneExpiredAsync(CancellationToken cancellationToken = default) => expiry.PruneAsync(cancellationToken);

    /// <summary>
    /// Stops accepting listeners, streams on for <see cref="ListenerSessionOptions.DrainDelay"/>, asks every raw listener to stop
    /// at its next chunk boundary, cuts off those that do not within <see cref="ListenerSessionOptions.DrainTimeout"/>, then
    /// writes every final playhead in one batch; the listeners' connections close once their state is stored.
    /// </summary>
    public async Task<DrainReport> DrainAsync(CancellationToken cancellationToken)
    {
        lock (connectionsGate)
        {
            draining = true;
        }

        if (Options.DrainDelay > TimeSpan.Zero)
        {
            await Task.Delay(Options.DrainDelay, clock, cancellationToken).ConfigureAwait(false);
        }

        // No connection is added once draining: the set only shrinks, and the drain ends when it is empty.
        SessionConnection[] listeners;
        Task ended;
        lock (connectionsGate)
        {
            listeners = [.. connections];
            allEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (connections.Count == 0)
            {
                allEnded.SetResult();
            }

            ended = allEnded.Task;
        }

        foreach (var listener in listeners)
        {
            listener.Handle.StopAtChunkBoundary(DrainReason);
        }

        var dropped = 0;
        try
        {
            await ended.WaitAsync(Options.DrainTimeout, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var listener in Connections)
            {
                listener.Handle.Drop("node shutting down: no chunk boundary within sessions.drain-timeout");
                dropped++;
            }

            try
            {
                await ended.WaitAsync(DroppedGrace, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                log.LogWarning("{Count} dropped listeners did not end within {Grace}", Connections.Count, DroppedGrace);
            }
        }

        var written = await checkpoints.WriteAsync(cancellationToken).ConfigureAwait(false);
        return new DrainReport(listeners.Length, listeners.Length - dropped, dropped, written);
    }

    /// <summary>Releases the checkpoint writer; call after the last <see cref="FlushAsync"/>.</summary>
    public void Dispose() => checkpoints.Dispose();

    /// <summary>Called by <see cref="SessionClaim.Attach"/>.</summary>
    internal SessionConnection? Attach(SessionEntry? entry, string sessionId, ListenerHandle handle, string channel, ListenerSessionCheckpoint? resumedFrom, long? resumedAtSeq)
    {
        var connection = new SessionConnection(entry, sessionId, handle, channel, resumedFrom, resumedAtSeq);
        lock (connectionsGate)
        {
            if (draining)
            {
                Release(entry);
                return null;
            }

            connections.Add(connection);
        }

        if (resumedAtSeq is not null)
        {
            Interlocked.Increment(ref resumed);
        }

        if (entry is null)
        {
            return connection;
        }

        SessionConnection? previous;
        lock (entry.Gate)
        {
            entry.Claims--;
            if (entry.Removed)
            {
                return connection;
            }

            previous = entry.Owner;
            entry.Owner = connection;
            entry.Dirty = false;
        }

        if (previous is not null)
        {
            log.LogInformation("listener session {Session} moved to a new connection from {Remote}; the one from {Previous} is no longer recorded",
                sessionId, handle.Remote, previous.Handle.Remote);
        }

        return connection;
    }

    /// <summary>Called by <see cref="SessionClaim.Dispose"/>.</summary>
    internal void Release(SessionEntry? entry)
    {
        if (entry is null)
        {
            return;
        }

        lock (entry.Gate)
        {
            entry.Claims--;
            table.RemoveIfIdle(entry);
        }
    }

    private async Task CheckpointEveryIntervalAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.CheckpointInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await checkpoints.WriteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads the session's stored version and state (an expired, pruned session reads as none), with the playhead of its writer's latest progress row while it was streaming.</summary>
    private async Task LoadAsync(SessionEntry entry)
    {
        var stored = await store.LoadAsync(entry.Id).ConfigureAwait(false);
        var latest = stored is null ? null : SessionCheckpointFormat.Decode(stored.State);
        if (latest?.Writer is { } writer)
        {
            try
            {
                latest = (await progress.ReadAsync(writer).ConfigureAwait(false))?.Apply(latest) ?? latest;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or TimeoutException)
            {
                log.LogWarning(e, "could not read the progress of node run {Writer}; session {Session} resumes from its last checkpoint", writer, entry.Id);
            }
        }

        lock (entry.Gate)
        {
            entry.NextVersion = (stored?.Version ?? 0) + 1;
            entry.Latest = latest;
            entry.WrittenUtc = latest?.LastSeenUtc ?? default;
        }
    }
}
