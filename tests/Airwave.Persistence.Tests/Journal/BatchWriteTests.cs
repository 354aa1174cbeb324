using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Journal;

/// <summary>The journal's multi-persistence-id batch write, run against every backend by the subclasses below.</summary>
public abstract class BatchWriteTests(BackendFixture backend)
{
    private IJournal Journal => backend.Journal;

    [Fact]
    public async Task A_batch_stores_every_id_in_batch_order_with_its_tags()
    {
        var tag = TestEvents.NewTag();
        var a = TestEvents.NewPersistenceId();
        var b = TestEvents.NewPersistenceId();
        var c = TestEvents.NewPersistenceId();

        await Journal.WriteBatchAsync(
        [
            new AtomicWrite(b, TestEvents.Range(1, 2, tag)),
            new AtomicWrite(a, TestEvents.Range(1, 1)),
            new AtomicWrite(c, TestEvents.Range(1, 1, tag)),
        ]);

        Assert.Equal([1L, 2], (await Journal.ReadEventsAsync(b, 1, long.MaxValue, long.MaxValue).ToListAsync()).Select(e => e.SequenceNr));
        Assert.Equal(1, await Journal.HighestSequenceNumberAsync(a));
        var tagged = await Journal.EventsByTagAsync(tag, 0, 100).ToListAsync();
        Assert.Equal([(b, 1L), (b, 2L), (c, 1L)], tagged.Select(e => (e.PersistenceId, e.SequenceNr)));
    }

    [Fact]
    public async Task A_taken_sequence_number_rejects_the_whole_batch_and_names_the_write_that_lost()
    {
        var fresh = TestEvents.NewPersistenceId();
        var taken = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(taken, TestEvents.Range(1, 3));

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => Journal.WriteBatchAsync(
        [
            new AtomicWrite(fresh, TestEvents.Range(1, 2)),
            new AtomicWrite(taken, TestEvents.Range(3, 4)),
        ]));

        Assert.Equal(taken, conflict.PersistenceId);
        Assert.Equal(3, conflict.SequenceNr);
        Assert.Equal(0, await Journal.HighestSequenceNumberAsync(fresh));
        Assert.Equal(3, await Journal.HighestSequenceNumberAsync(taken));
    }

    [Fact]
    public async Task A_superseding_write_leaves_only_its_own_events_and_keeps_the_sequence_numbers_going()
    {
        var tag = TestEvents.NewTag();
        var checkpointed = TestEvents.NewPersistenceId();
        var history = TestEvents.NewPersistenceId();
        await Journal.WriteBatchAsync([new AtomicWrite(checkpointed, TestEvents.Range(1, 3, tag)), new AtomicWrite(history, TestEvents.Range(1, 2, tag))]);

        await Journal.WriteBatchAsync(
        [
            new AtomicWrite(checkpointed, [TestEvents.Event(4, tag)]) { SupersedesEarlier = true },
            new AtomicWrite(history, [TestEvents.Event(3, tag)]),
        ]);

        Assert.Equal([4L], (await Journal.ReadEventsAsync(checkpointed, 1, long.MaxValue, long.MaxValue).ToListAsync()).Select(e => e.SequenceNr));
        Assert.Equal([1L, 2, 3], (await Journal.ReadEventsAsync(history, 1, long.MaxValue, long.MaxValue).ToListAsync()).Select(e => e.SequenceNr));
        Assert.Equal(4, await Journal.HighestSequenceNumberAsync(checkpointed));
        var tagged = await Journal.EventsByTagAsync(tag, 0, 100).ToListAsync();
        Assert.Equal([(history, 1L), (history, 2L), (checkpointed, 4L), (history, 3L)], tagged.Select(e => (e.PersistenceId, e.SequenceNr)));
        await Assert.ThrowsAsync<JournalConflictException>(() => Journal.WriteBatchAsync([new AtomicWrite(checkpointed, [TestEvents.Event(4)]) { SupersedesEarlier = true }]));
    }

    [Fact]
    public async Task A_batch_naming_one_id_twice_is_refused()
    {
        var pid = TestEvents.NewPersistenceId();

        await Assert.ThrowsAsync<ArgumentException>(() => Journal.WriteBatchAsync([new AtomicWrite(pid, TestEvents.Range(1, 1)), new AtomicWrite(pid, TestEvents.Range(2, 2))]));

        Assert.Equal(0, await Journal.HighestSequenceNumberAsync(pid));
    }

    [Fact]
    public async Task Two_writers_checkpointing_the_same_id_at_once_leave_exactly_one_winner()
    {
        var pid = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(pid, TestEvents.Range(1, 1));
        await using var second = await backend.OpenAsync();

        var results = await Task.WhenAll(
            Capture(() => Journal.WriteBatchAsync([new AtomicWrite(pid, [TestEvents.Event(2)]) { SupersedesEarlier = true }])),
            Capture(() => second.Journal.WriteBatchAsync([new AtomicWrite(pid, [TestEvents.Event(2)]) { SupersedesEarlier = true }])));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is JournalConflictException);
        Assert.Equal([2L], (await Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync()).Select(e => e.SequenceNr));
    }

    private static async Task<Exception?> Capture(Func<Task> write)
    {
        try
        {
            await write();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}

public sealed class SqliteBatchWriteTests(SqliteBackendFixture backend) : BatchWriteTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlBatchWriteTests(PostgreSqlBackendFixture backend) : BatchWriteTests(backend), IClassFixture<PostgreSqlBackendFixture>;
