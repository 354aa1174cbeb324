using Airwave.Actors;

namespace Airwave.Persistence.Tests.Actors;

public abstract record CounterCommand;

public sealed record Add(int Amount, IActorRef<object> ReplyTo) : CounterCommand;

public sealed record AddMany(int[] Amounts, IActorRef<object> ReplyTo) : CounterCommand;

public sealed record GetState(IActorRef<object> ReplyTo) : CounterCommand;

public sealed record DeleteUpTo(long SequenceNr, IActorRef<object> ReplyTo) : CounterCommand;

public sealed record Added(int Amount);

public sealed record CounterSnapshot(int Total);

public sealed record Acked(long SequenceNr, int Total, bool DurableWhenHandled);

public sealed record Deleted(long SequenceNr);

public sealed record CounterState(int Total, long LastSequenceNr, int EventsReplayed, long RecoveredSnapshotSequenceNr);

/// <summary>A persistent counter: the smallest entity that exercises recovery, snapshots and persist handlers.</summary>
public sealed class CounterActor(PersistenceServices persistence, string persistenceId, int snapshotEvery = 0)
    : PersistentActor<CounterCommand>(persistence)
{
    public static EventSerializer Serializer { get; } = new EventSerializer()
        .Register<Added>("test.counter.added.v1")
        .Register<CounterSnapshot>("test.counter.snapshot.v1");

    private readonly IJournal _journal = persistence.Journal;
    private int _total;
    private int _replayed;
    private long _snapshotSequenceNr;

    protected override string PersistenceId => persistenceId;

    protected override int SnapshotEvery => snapshotEvery;

    protected override async ValueTask ReceiveAsync(CounterCommand message)
    {
        switch (message)
        {
            case Add add:
                await PersistAsync(new Added(add.Amount), async e =>
                {
                    _total += e.Amount;
                    var durable = await _journal.HighestSequenceNumberAsync(persistenceId) >= LastSequenceNr;
                    add.ReplyTo.Tell(new Acked(LastSequenceNr, _total, durable));
                });
                break;
            case AddMany many:
                await PersistAllAsync([.. many.Amounts.Select(a => new Added(a))], e => _total += e.Amount);
                many.ReplyTo.Tell(new Acked(LastSequenceNr, _total, DurableWhenHandled: true));
                break;
            case GetState get:
                get.ReplyTo.Tell(new CounterState(_total, LastSequenceNr, _replayed, _snapshotSequenceNr));
                break;
            case DeleteUpTo delete:
                await DeleteEventsToAsync(delete.SequenceNr);
                delete.ReplyTo.Tell(new Deleted(delete.SequenceNr));
                break;
        }
    }

    protected override void ApplyEvent(object persistedEvent)
    {
        _total += ((Added)persistedEvent).Amount;
        _replayed++;
    }

    protected override void ApplySnapshot(object snapshot)
    {
        _total = ((CounterSnapshot)snapshot).Total;
        _snapshotSequenceNr = LastSequenceNr;
    }

    protected override object? CreateSnapshot() => new CounterSnapshot(_total);
}
