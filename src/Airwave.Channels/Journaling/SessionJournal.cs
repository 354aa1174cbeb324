using Airwave.Persistence.EarlierVersion;
using Airwave.Persistence.Sessions;
using Akka.Actor;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Airwave.Channels.Journaling;

/// <summary>
/// Listener sessions in Akka.Persistence: each session is the persistence id <c>listener-session-{id}</c> of the
/// journal <see cref="AkkaPersistenceConfig.SessionJournalPluginId"/>, each checkpoint an event whose sequence number is
/// the state's version and whose payload is the serialized state (a <c>byte[]</c>: Akka's byte-array serializer, nothing
/// to convert). Each writer's progress is the persistence id <c>listener-progress-{writer}</c> of the same journal.
/// </summary>
/// <remarks>
/// <para>
/// A batch is one <see cref="WriteMessages"/> of every due session, which Akka.Persistence.Sql inserts in one
/// transaction (multi-row inserts): one journal write per checkpoint interval, never one per listener. The journal's
/// unique (persistence id, sequence number) is what refuses a version another node already wrote; the whole batch
/// then fails, and is halved until the sessions that lost are found (each one written alone, the rest in halves that
/// succeed).
/// </para>
/// <para>
/// Reads and deletes go to the table itself (<see cref="SessionJournalTable"/>), one statement each over the journal's
/// own index: resuming sessions' latest checkpoints and writers' latest progress rows, rather than Akka's replay, the
/// reads asked for while one is in flight together in the next (<see cref="CoalescedReads{TValue}"/>); superseded
/// checkpoints and expired sessions, rather than one <c>DeleteMessagesTo</c> per session.
/// </para>
/// </remarks>
public sealed class SessionJournal : IListenerSessionStore
{
    /// <summary>The persistence ids of sessions start with this (<see cref="SessionJournalTable"/> expires them by it).</summary>
    internal const string PersistenceIdPrefix = "listener-session-";

    private const string ProgressIdPrefix = "listener-progress-";

    /// <summary>The most rows one read statement asks for: a node's listeners coming back at once are read in a few.</summary>
    private const int MaxReadBatch = 500;

    /// <summary>How long a batch waits for the journal (a database that hangs, not one that refuses); reads have the command timeout.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ActorSystem system;
    private readonly IActorRef journal;
    private readonly SessionJournalTable table;
    private readonly CoalescedReads<SessionJournalRow> latestRows;
    private readonly string writerGuid = Guid.NewGuid().ToString("N");

    /// <summary>The serializer Akka stores each state's bytes with (a <c>byte[]</c> is stored as it is).</summary>
    private readonly int byteArraySerializerId;

    public SessionJournal(ActorSystem system, SessionJournalTable table)
    {
        ArgumentNullException.ThrowIfNull(system);
        this.system = system;
        this.table = table;
        latestRows = new CoalescedReads<SessionJournalRow>(ids => table.ReadLatestAsync(ids, CancellationToken.None), MaxReadBatch);
        journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(AkkaPersistenceConfig.SessionJournalPluginId);
        byteArraySerializerId = system.Serialization.FindSerializerForType(typeof(byte[])).Identifier;
    }

    public async Task<StoredSessionState?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return await ReadLatestAsync(PersistenceIdPrefix + sessionId, cancellationToken).ConfigureAwait(false) is { } latest
            ? new StoredSessionState(latest.SequenceNr, latest.Payload)
            : null;
    }

    /// <remarks>Only the latest row is read: a writer's stream holds every row written since the last prune, each as large as its node's listener count.</remarks>
    public async Task<byte[]?> LoadProgressAsync(string writer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(writer);
        return (await ReadLatestAsync(ProgressIdPrefix + writer, cancellationToken).ConfigureAwait(false))?.Payload;
    }

    public async Task SaveProgressAsync(string writer, long version, byte[] progress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(writer);
        if (await TryWriteAsync(ProgressIdPrefix, [new SessionStateWrite(writer, version, progress)], cancellationToken).ConfigureAwait(false) is { } failure)
        {
            throw new InvalidOperationException("could not write the progress of listener sessions", failure);
        }
    }

    public async Task<IReadOnlySet<string>> SaveAsync(IReadOnlyList<SessionStateWrite> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        var lost = new HashSet<string>(StringComparer.Ordinal);
        if (states.Count > 0)
        {
            await WriteAsync(states, lost, cancellationToken).ConfigureAwait(false);
        }

        return lost;
    }

    public Task<int> ExpireAsync(TimeSpan unwrittenFor, CancellationToken cancellationToken = default) =>
        table.DeleteAsync(unwrittenFor, cancellationToken);

    /// <summary>
    /// Moves the sessions an earlier version stored in its own table into this journal, in batches, so that listeners
    /// resume across the upgrade; returns how many were moved. Nodes starting together may both move a session: the
    /// second write of its version is refused, and both forget it there.
    /// </summary>
    public async Task<int> MoveEarlierAsync(IEarlierSessionStore earlier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var moved = 0;
        while (await earlier.ReadAsync(1_000, cancellationToken).ConfigureAwait(false) is { Count: > 0 } batch)
        {
            var lost = await SaveAsync(batch, cancellationToken).ConfigureAwait(false);
            moved += batch.Count - lost.Count;
            await earlier.ForgetAsync([.. batch.Select(s => s.SessionId)], cancellationToken).ConfigureAwait(false);
        }

        return moved;
    }

    /// <summary>Writes <paramref name="states"/>; on a version conflict, each half again, so only the sessions that lost end in <paramref name="lost"/>.</summary>
    private async Task WriteAsync(IReadOnlyList<SessionStateWrite> states, HashSet<string> lost, CancellationToken cancellationToken)
    {
        var failure = await TryWriteAsync(PersistenceIdPrefix, states, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            return;
        }

        if (!IsVersionConflict(failure))
        {
            throw new InvalidOperationException("could not write listener sessions", failure);
        }

        if (states.Count == 1)
        {
            lost.Add(states[0].SessionId);
            return;
        }

        var half = states.Count / 2;
        await WriteAsync([.. states.Take(half)], lost, cancellationToken).ConfigureAwait(false);
        await WriteAsync([.. states.Skip(half)], lost, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The latest event of <paramref name="persistenceId"/>, read by a statement of the table's (<see cref="SessionJournalTable"/>),
    /// with whatever else is asked for meanwhile, rather than Akka's replay, which costs a resuming listener far more.
    /// </summary>
    /// <remarks>The read goes on for the others that share its statement when <paramref name="cancellationToken"/> gives up waiting.</remarks>
    /// <exception cref="InvalidDataException">The row's payload was not written by Akka's byte-array serializer, as every state here is.</exception>
    private async Task<SessionJournalRow?> ReadLatestAsync(string persistenceId, CancellationToken cancellationToken)
    {
        var latest = await latestRows.ReadAsync(persistenceId).WaitAsync(cancellationToken).ConfigureAwait(false);
        return latest is null || latest.SerializerId == byteArraySerializerId
            ? latest
            : throw new InvalidDataException($"the latest event of {persistenceId} was written by serializer {latest.SerializerId}, not Akka's byte-array serializer ({byteArraySerializerId})");
    }

    /// <summary>One batch, each state the event of <paramref name="prefix"/> and its id: null when it was stored, else why not.</summary>
    private async Task<Exception?> TryWriteAsync(string prefix, IReadOnlyList<SessionStateWrite> states, CancellationToken cancellationToken)
    {
        var writes = new List<IPersistentEnvelope>(states.Count);
        foreach (var state in states)
        {
            var persistent = new Persistent(
                state.State, state.Version, prefix + state.SessionId, string.Empty, false, ActorRefs.NoSender, writerGuid);
            writes.Add(new AtomicWrite(persistent));
        }

        // The journal answers the batch's outcome, then once per event: the exchange ends with the last of those.
        var replies = await ExchangeAsync(
            self => new WriteMessages(writes, self, 1),
            states.Count + 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        return replies[0] switch
        {
            WriteMessagesSuccessful => replies.OfType<WriteMessageRejected>().FirstOrDefault()?.Cause,
            WriteMessagesFailed failed => failed.Cause,
            var other => new InvalidOperationException("unexpected journal reply " + other.GetType().Name),
        };
    }

    /// <summary>Sends the journal one request and collects its <paramref name="replyCount"/> answers (see <see cref="JournalExchange"/>).</summary>
    private Task<IReadOnlyList<object>> ExchangeAsync(Func<IActorRef, object> request, int replyCount)
    {
        var done = new TaskCompletionSource<IReadOnlyList<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(JournalExchange.Props(journal, request, replyCount, done, Timeout));
        return done.Task;
    }

    /// <summary>True when the database refused a row because its (persistence id, sequence number) exists: another writer had that version.</summary>
    private static bool IsVersionConflict(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteErrorCode: 19 })
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsVersionConflict))
            {
                return true;
            }
        }

        return false;
    }
}
