using Airwave.Actors;
using Airwave.Persistence.Tests.Backends;
using Airwave.TestKit;

namespace Airwave.Persistence.Tests.Actors;

/// <summary>PersistentActor recovery, persistence and snapshots on every backend.</summary>
public abstract class PersistentActorTests(BackendFixture backend) : ActorTestKit
{
    private readonly PersistenceServices _persistence = new(backend.Stores, CounterActor.Serializer);

    [Fact]
    public async Task A_restarted_actor_recovers_its_state_from_the_events()
    {
        var pid = TestEvents.NewPersistenceId();
        var probe = CreateProbe();
        var first = Spawn(pid);
        foreach (var amount in new[] { 1, 2, 3 })
        {
            first.Tell(new Add(amount, probe));
            await probe.ExpectMsgAsync<Acked>();
        }

        await StopAsync(first, probe);
        Spawn(pid).Tell(new GetState(probe));

        Assert.Equal(new CounterState(6, 3, 3, 0), await probe.ExpectMsgAsync<CounterState>());
    }

    [Fact]
    public async Task The_persist_handler_runs_after_the_event_is_stored()
    {
        var probe = CreateProbe();
        var actor = Spawn(TestEvents.NewPersistenceId());

        actor.Tell(new Add(5, probe));

        Assert.Equal(new Acked(1, 5, DurableWhenHandled: true), await probe.ExpectMsgAsync<Acked>());
    }

    [Fact]
    public async Task Persist_all_writes_one_batch_and_continues_the_sequence()
    {
        var pid = TestEvents.NewPersistenceId();
        var probe = CreateProbe();
        var actor = Spawn(pid);

        actor.Tell(new AddMany([1, 2, 3], probe));
        actor.Tell(new Add(10, probe));

        Assert.Equal(new Acked(3, 6, true), await probe.ExpectMsgAsync<Acked>());
        Assert.Equal(4, (await probe.ExpectMsgAsync<Acked>()).SequenceNr);
        Assert.Equal(4, await backend.Journal.HighestSequenceNumberAsync(pid));
    }

    [Fact]
    public async Task A_snapshot_is_saved_every_n_events()
    {
        var pid = TestEvents.NewPersistenceId();
        var probe = CreateProbe();
        var actor = Spawn(pid, snapshotEvery: 2);

        for (var i = 1; i <= 5; i++)
        {
            actor.Tell(new Add(i, probe));
            await probe.ExpectMsgAsync<Acked>();
        }

        Assert.Equal(4, (await backend.Snapshots.LoadLatestAsync(pid))!.SequenceNr);
        Assert.Equal(2, (await backend.Snapshots.LoadLatestAsync(pid, 3))!.SequenceNr);
        Assert.Equal(new CounterSnapshot(10), CounterActor.Serializer.Deserialize((await backend.Snapshots.LoadLatestAsync(pid))!.Payload));
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot_and_replays_only_later_events()
    {
        var pid = TestEvents.NewPersistenceId();
        var probe = CreateProbe();
        var first = Spawn(pid, snapshotEvery: 3);
        for (var i = 1; i <= 5; i++)
        {
            first.Tell(new Add(i, probe));
            await probe.ExpectMsgAsync<Acked>();
        }

        await StopAsync(first, probe);
        Spawn(pid, snapshotEvery: 3).Tell(new GetState(probe));

        Assert.Equal(new CounterState(15, 5, 2, 3), await probe.ExpectMsgAsync<CounterState>());
    }

    [Fact]
    public async Task Events_deleted_under_a_snapshot_do_not_break_recovery_or_the_sequence()
    {
        var pid = TestEvents.NewPersistenceId();
        var probe = CreateProbe();
        var first = Spawn(pid, snapshotEvery: 4);
        for (var i = 1; i <= 4; i++)
        {
            first.Tell(new Add(1, probe));
            await probe.ExpectMsgAsync<Acked>();
        }

        first.Tell(new DeleteUpTo(4, probe));
        await probe.ExpectMsgAsync(new Deleted(4));
        await StopAsync(first, probe);

        var second = Spawn(pid, snapshotEvery: 4);
        second.Tell(new GetState(probe));
        second.Tell(new Add(1, probe));

        Assert.Equal(new CounterState(4, 4, 0, 4), await probe.ExpectMsgAsync<CounterState>());
        Assert.Equal(new Acked(5, 5, true), await probe.ExpectMsgAsync<Acked>());
    }

    [Fact]
    public async Task Commands_sent_during_recovery_wait_for_the_recovered_state()
    {
        var pid = TestEvents.NewPersistenceId();
        var history = Enumerable.Range(1, 500)
            .Select(seq => new EventToWrite(seq, CounterActor.Serializer.Serialize(new Added(1))))
            .ToList();
        await backend.Journal.WriteAsync(pid, history);
        var probe = CreateProbe();

        var actor = Spawn(pid);
        actor.Tell(new Add(1, probe));
        actor.Tell(new GetState(probe));

        Assert.Equal(new Acked(501, 501, true), await probe.ExpectMsgAsync<Acked>());
        Assert.Equal(new CounterState(501, 501, 500, 0), await probe.ExpectMsgAsync<CounterState>());
    }

    private IActorRef<CounterCommand> Spawn(string pid, int snapshotEvery = 0) =>
        System.Spawn(Props.Create<CounterCommand>(() => new CounterActor(_persistence, pid, snapshotEvery)));

    private async Task StopAsync(IActorRef<CounterCommand> actor, TestProbe probe)
    {
        probe.Watch(actor);
        System.Stop(actor);
        await probe.ExpectTerminatedAsync(actor);
    }
}

public sealed class SqlitePersistentActorTests(SqliteBackendFixture backend) : PersistentActorTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlPersistentActorTests(PostgreSqlBackendFixture backend) : PersistentActorTests(backend), IClassFixture<PostgreSqlBackendFixture>;
