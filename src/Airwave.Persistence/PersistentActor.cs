using Airwave.Actors;

namespace Airwave.Persistence;

/// <summary>
/// An actor whose state is the fold of its persisted events. It recovers before its first message (latest snapshot,
/// then the later events); the kernel runs no message before <see cref="PreStartAsync"/> completes, so commands sent
/// during recovery wait in the mailbox. <see cref="PersistAsync{TEvent}(TEvent, Action{TEvent})"/> runs its handler
/// only after the write committed and holds the actor's turn until then, so no command overtakes a pending event.
/// A failed write throws out of the message handler, leaving the actor's supervisor to restart (and re-recover) it.
/// </summary>
/// <typeparam name="TMessage">The command type the actor accepts.</typeparam>
public abstract class PersistentActor<TMessage> : Actor<TMessage>
{
    private readonly PersistenceServices _persistence;
    private long _lastSnapshotSequenceNr;

    /// <summary>An actor persisting through <paramref name="persistence"/>.</summary>
    protected PersistentActor(PersistenceServices persistence)
    {
        ArgumentNullException.ThrowIfNull(persistence);
        _persistence = persistence;
    }

    /// <summary>The stable id of the entity whose events this actor writes; one live writer per id.</summary>
    protected abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event recovered or persisted; 0 for a new entity.</summary>
    protected long LastSequenceNr { get; private set; }

    /// <summary>Saves a snapshot after this many events since the last one; 0 never snapshots automatically.</summary>
    protected virtual int SnapshotEvery => 0;

    /// <summary>Recovers the state, then runs <see cref="OnRecoveryCompletedAsync"/>.</summary>
    protected sealed override async ValueTask PreStartAsync()
    {
        await RecoverAsync().ConfigureAwait(false);
        await OnRecoveryCompletedAsync().ConfigureAwait(false);
    }

    /// <summary>Applies one stored event to the state during recovery.</summary>
    protected abstract void ApplyEvent(object persistedEvent);

    /// <summary>Replaces the state with a stored snapshot during recovery; needed once <see cref="CreateSnapshot"/> returns one.</summary>
    protected virtual void ApplySnapshot(object snapshot) =>
        throw new NotSupportedException($"{GetType().Name} found a snapshot for '{PersistenceId}' but does not override ApplySnapshot.");

    /// <summary>The state to store as a snapshot (a type registered with the serializer), or null to skip.</summary>
    protected virtual object? CreateSnapshot() => null;

    /// <summary>Tags the journal stores with <paramref name="persistedEvent"/> for tag queries.</summary>
    protected virtual IReadOnlyList<string> TagsFor(object persistedEvent) => [];

    /// <summary>Runs after recovery, before the first command.</summary>
    protected virtual ValueTask OnRecoveryCompletedAsync() => ValueTask.CompletedTask;

    /// <summary>Persists one event and then runs <paramref name="handler"/> with it.</summary>
    protected Task PersistAsync<TEvent>(TEvent persistedEvent, Action<TEvent> handler)
        where TEvent : notnull => PersistAllAsync([persistedEvent], handler);

    /// <summary>Persists one event and then awaits <paramref name="handler"/> with it.</summary>
    protected Task PersistAsync<TEvent>(TEvent persistedEvent, Func<TEvent, ValueTask> handler)
        where TEvent : notnull => PersistAllAsync([persistedEvent], handler);

    /// <summary>Persists events in one atomic write and then runs <paramref name="handler"/> for each, in order.</summary>
    protected Task PersistAllAsync<TEvent>(IReadOnlyList<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        return PersistAllAsync(
            events,
            e =>
            {
                handler(e);
                return ValueTask.CompletedTask;
            });
    }

    /// <summary>Persists events in one atomic write and then awaits <paramref name="handler"/> for each, in order.</summary>
    protected async Task PersistAllAsync<TEvent>(IReadOnlyList<TEvent> events, Func<TEvent, ValueTask> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        if (events.Count == 0)
        {
            return;
        }

        var writes = new EventToWrite[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            writes[i] = new EventToWrite(LastSequenceNr + 1 + i, _persistence.Serializer.Serialize(events[i]), TagsFor(events[i]));
        }

        await _persistence.Journal.WriteAsync(PersistenceId, writes).ConfigureAwait(false);
        for (var i = 0; i < events.Count; i++)
        {
            LastSequenceNr = writes[i].SequenceNr;
            await handler(events[i]).ConfigureAwait(false);
        }

        if (SnapshotEvery > 0 && LastSequenceNr - _lastSnapshotSequenceNr >= SnapshotEvery)
        {
            await SaveSnapshotAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stores <see cref="CreateSnapshot"/> as of <see cref="LastSequenceNr"/>, when it returns one.</summary>
    protected async Task SaveSnapshotAsync()
    {
        if (CreateSnapshot() is not { } state)
        {
            return;
        }

        var snapshot = new SnapshotRecord(PersistenceId, LastSequenceNr, DateTimeOffset.UtcNow, _persistence.Serializer.Serialize(state));
        await _persistence.Snapshots.SaveAsync(snapshot).ConfigureAwait(false);
        _lastSnapshotSequenceNr = LastSequenceNr;
    }

    /// <summary>Deletes this entity's events up to <paramref name="toSequenceNr"/>, e.g. once a snapshot covers them.</summary>
    protected Task DeleteEventsToAsync(long toSequenceNr) => _persistence.Journal.DeleteToAsync(PersistenceId, toSequenceNr);

    /// <summary>
    /// Applies the events other writers appended since this actor last read or wrote (an entity that several nodes
    /// write to one shared journal, such as the runtime channel registry of a cluster).
    /// </summary>
    protected async Task CatchUpAsync()
    {
        var events = _persistence.Journal.ReadEventsAsync(PersistenceId, LastSequenceNr + 1, long.MaxValue, long.MaxValue);
        await foreach (var stored in events.ConfigureAwait(false))
        {
            ApplyEvent(_persistence.Serializer.Deserialize(stored.Payload));
            LastSequenceNr = stored.SequenceNr;
        }
    }

    private async Task RecoverAsync()
    {
        LastSequenceNr = 0;
        var snapshot = await _persistence.Snapshots.LoadLatestAsync(PersistenceId).ConfigureAwait(false);
        if (snapshot is not null)
        {
            LastSequenceNr = snapshot.SequenceNr;
            ApplySnapshot(_persistence.Serializer.Deserialize(snapshot.Payload));
        }

        _lastSnapshotSequenceNr = LastSequenceNr;
        var events = _persistence.Journal.ReadEventsAsync(PersistenceId, LastSequenceNr + 1, long.MaxValue, long.MaxValue);
        await foreach (var stored in events.ConfigureAwait(false))
        {
            ApplyEvent(_persistence.Serializer.Deserialize(stored.Payload));
            LastSequenceNr = stored.SequenceNr;
        }

        LastSequenceNr = Math.Max(LastSequenceNr, await _persistence.Journal.HighestSequenceNumberAsync(PersistenceId).ConfigureAwait(false));
    }
}
