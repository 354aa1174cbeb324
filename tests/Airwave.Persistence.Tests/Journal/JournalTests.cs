using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Journal;

/// <summary>The journal's contract, run against every backend by the subclasses below.</summary>
public abstract class JournalTests(BackendFixture backend)
{
    private IJournal Journal => backend.Journal;

    [Fact]
    public async Task Written_events_read_back_in_order_with_their_payloads()
    {
        var pid = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(pid, TestEvents.Range(1, 3));
        await Journal.WriteAsync(pid, [TestEvents.Event(4)]);

        var events = await Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync();

        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.SequenceNr));
        Assert.Equal(["title 1", "title 2", "title 3", "title 4"], events.Select(e => e.Title()));
        Assert.All(events, e => Assert.Equal(pid, e.PersistenceId));
        Assert.All(events, e => Assert.Equal("test.title-changed.v1", e.Payload.Manifest));
        Assert.Equal(events.Select(e => e.Ordering).Order(), events.Select(e => e.Ordering));
        Assert.Equal(backend.Options.WriterUuid, events[0].WriterUuid);
    }

    [Fact]
    public async Task Reading_honours_the_sequence_range_and_the_maximum()
    {
        var pid = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(pid, TestEvents.Range(1, 10));

        var window = await Journal.ReadEventsAsync(pid, 3, 8, 4).ToListAsync();

        Assert.Equal([3L, 4, 5, 6], window.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task A_batch_with_a_taken_sequence_number_is_rejected_whole()
    {
        var pid = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(pid, TestEvents.Range(1, 5));

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => Journal.WriteAsync(pid, TestEvents.Range(4, 8)));

        Assert.Equal(pid, conflict.PersistenceId);
        Assert.Equal(4, conflict.SequenceNr);
        Assert.Contains(pid, conflict.Message, StringComparison.Ordinal);
        Assert.Equal(5, await Journal.HighestSequenceNumberAsync(pid));
        Assert.Equal(5, (await Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync()).Count);
    }

    [Fact]
    public async Task Two_writers_racing_for_the_same_sequence_numbers_leave_exactly_one_winner()
    {
        var pid = TestEvents.NewPersistenceId();
        await using var second = await backend.OpenAsync();

        var results = await Task.WhenAll(
            Capture(() => Journal.WriteAsync(pid, TestEvents.Range(1, 50))),
            Capture(() => second.Journal.WriteAsync(pid, TestEvents.Range(1, 50))));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is JournalConflictException);
        Assert.Equal(50, (await Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync()).Count);
    }

    [Fact]
    public async Task Delete_to_hides_events_but_keeps_the_highest_sequence_number()
    {
        var pid = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(pid, TestEvents.Range(1, 5));

        await Journal.DeleteToAsync(pid, 3);
        Assert.Equal([4L, 5], (await Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync()).Select(e => e.SequenceNr));

        await Journal.DeleteToAsync(pid, 5);
        Assert.Empty(await Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync());
        Assert.Equal(5, await Journal.HighestSequenceNumberAsync(pid));
        await Assert.ThrowsAsync<JournalConflictException>(() => Journal.WriteAsync(pid, [TestEvents.Event(5)]));
        await Journal.WriteAsync(pid, [TestEvents.Event(6)]);
        Assert.Equal(6, await Journal.HighestSequenceNumberAsync(pid));
    }

    [Fact]
    public async Task Highest_sequence_number_of_an_unknown_id_is_zero()
    {
        Assert.Equal(0, await Journal.HighestSequenceNumberAsync(TestEvents.NewPersistenceId()));
    }

    [Fact]
    public async Task Events_by_tag_come_in_journal_order_across_ids_and_resume_after_an_offset()
    {
        var tag = TestEvents.NewTag();
        var other = TestEvents.NewTag();
        var a = TestEvents.NewPersistenceId();
        var b = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(a, TestEvents.Range(1, 2, tag));
        await Journal.WriteAsync(b, TestEvents.Range(1, 2, tag, other));
        await Journal.WriteAsync(a, [TestEvents.Event(3, other)]);
        await Journal.WriteAsync(a, [TestEvents.Event(4, tag)]);

        var all = await Journal.EventsByTagAsync(tag, 0, 100).ToListAsync();
        Assert.Equal([(a, 1L), (a, 2L), (b, 1L), (b, 2L), (a, 4L)], all.Select(e => (e.PersistenceId, e.SequenceNr)));
        Assert.Equal(all.Select(e => e.Ordering).Order(), all.Select(e => e.Ordering));

        var firstPage = await Journal.EventsByTagAsync(tag, 0, 2).ToListAsync();
        var secondPage = await Journal.EventsByTagAsync(tag, firstPage[^1].Ordering, 2).ToListAsync();
        var thirdPage = await Journal.EventsByTagAsync(tag, secondPage[^1].Ordering, 2).ToListAsync();
        Assert.Equal(all, [.. firstPage, .. secondPage, .. thirdPage], JournalEventComparer.Instance);

        Assert.Empty(await Journal.EventsByTagAsync(tag, all[^1].Ordering, 100).ToListAsync());
    }

    [Fact]
    public async Task Deleted_events_leave_the_tag_query()
    {
        var tag = TestEvents.NewTag();
        var pid = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(pid, TestEvents.Range(1, 4, tag));

        await Journal.DeleteToAsync(pid, 2);

        Assert.Equal([3L, 4], (await Journal.EventsByTagAsync(tag, 0, 100).ToListAsync()).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Events_by_persistence_id_and_current_persistence_ids_list_what_was_written()
    {
        var a = TestEvents.NewPersistenceId();
        var b = TestEvents.NewPersistenceId();
        await Journal.WriteAsync(a, TestEvents.Range(1, 3));
        await Journal.WriteAsync(b, TestEvents.Range(1, 1));

        var query = await Journal.EventsByPersistenceIdAsync(new EventsByPersistenceIdQuery(a, FromSequenceNr: 2)).ToListAsync();
        var ids = await Journal.CurrentPersistenceIdsAsync().ToListAsync();

        Assert.Equal([2L, 3], query.Select(e => e.SequenceNr));
        Assert.Contains(a, ids);
        Assert.Contains(b, ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
    }

    [Fact]
    public async Task A_crash_mid_batch_loses_no_acknowledged_event_and_keeps_none_of_the_half_batch()
    {
        var pid = TestEvents.NewPersistenceId();
        for (var batch = 0; batch < 5; batch++)
        {
            await Journal.WriteAsync(pid, TestEvents.Range((batch * 20) + 1, (batch * 20) + 20));
        }

        var unacknowledged = Enumerable.Range(101, 2000)
            .Select(seq => new EventToWrite(seq, new SerializedPayload(1, "test.blob.v1", new byte[1024])))
            .ToList();
        await using var reopened = await backend.CrashDuringWriteAsync(pid, unacknowledged);

        var survivors = await reopened.Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), survivors.Select(e => e.SequenceNr));
        Assert.Equal(100, await reopened.Journal.HighestSequenceNumberAsync(pid));
        await reopened.Journal.WriteAsync(pid, TestEvents.Range(101, 102));
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

    private sealed class JournalEventComparer : IEqualityComparer<JournalEvent>
    {
        public static JournalEventComparer Instance { get; } = new();

        public bool Equals(JournalEvent? x, JournalEvent? y) => x?.Ordering == y?.Ordering;

        public int GetHashCode(JournalEvent obj) => obj.Ordering.GetHashCode();
    }
}

public sealed class SqliteJournalTests(SqliteBackendFixture backend) : JournalTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlJournalTests(PostgreSqlBackendFixture backend) : JournalTests(backend), IClassFixture<PostgreSqlBackendFixture>;
