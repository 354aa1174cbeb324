using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Snapshots;

/// <summary>The snapshot store's contract, run against every backend by the subclasses below.</summary>
public abstract class SnapshotStoreTests(BackendFixture backend)
{
    private ISnapshotStore Snapshots => backend.Snapshots;

    [Fact]
    public async Task Load_latest_returns_the_highest_snapshot()
    {
        var pid = TestEvents.NewPersistenceId();
        await Snapshots.SaveAsync(Snapshot(pid, 10, "ten"));
        await Snapshots.SaveAsync(Snapshot(pid, 30, "thirty"));
        await Snapshots.SaveAsync(Snapshot(pid, 20, "twenty"));

        var latest = await Snapshots.LoadLatestAsync(pid);

        Assert.NotNull(latest);
        Assert.Equal(30, latest.SequenceNr);
        Assert.Equal(new TitleChanged("live", "thirty"), TestEvents.Serializer.Deserialize(latest.Payload));
    }

    [Fact]
    public async Task Load_latest_respects_the_maximum_sequence_number()
    {
        var pid = TestEvents.NewPersistenceId();
        await Snapshots.SaveAsync(Snapshot(pid, 10, "ten"));
        await Snapshots.SaveAsync(Snapshot(pid, 30, "thirty"));

        Assert.Equal(10, (await Snapshots.LoadLatestAsync(pid, 29))!.SequenceNr);
        Assert.Null(await Snapshots.LoadLatestAsync(pid, 9));
        Assert.Null(await Snapshots.LoadLatestAsync(TestEvents.NewPersistenceId()));
    }

    [Fact]
    public async Task Saving_the_same_sequence_number_replaces_the_snapshot()
    {
        var pid = TestEvents.NewPersistenceId();
        await Snapshots.SaveAsync(Snapshot(pid, 5, "first"));
        await Snapshots.SaveAsync(Snapshot(pid, 5, "second"));

        var latest = await Snapshots.LoadLatestAsync(pid);

        Assert.Equal(new TitleChanged("live", "second"), TestEvents.Serializer.Deserialize(latest!.Payload));
    }

    [Fact]
    public async Task Delete_removes_the_snapshots_matching_the_criteria()
    {
        var pid = TestEvents.NewPersistenceId();
        var old = DateTimeOffset.UtcNow.AddHours(-1);
        await Snapshots.SaveAsync(Snapshot(pid, 10, "ten") with { Created = old });
        await Snapshots.SaveAsync(Snapshot(pid, 20, "twenty"));
        await Snapshots.SaveAsync(Snapshot(pid, 30, "thirty"));

        await Snapshots.DeleteAsync(pid, new SnapshotCriteria(MaxSequenceNr: 25, MaxTimestamp: old.AddMinutes(1)));
        Assert.Equal(20, (await Snapshots.LoadLatestAsync(pid, 25))!.SequenceNr);

        await Snapshots.DeleteAsync(pid, new SnapshotCriteria(MaxSequenceNr: 25));
        Assert.Null(await Snapshots.LoadLatestAsync(pid, 25));
        Assert.Equal(30, (await Snapshots.LoadLatestAsync(pid))!.SequenceNr);

        await Snapshots.DeleteAsync(pid, SnapshotCriteria.All);
        Assert.Null(await Snapshots.LoadLatestAsync(pid));
    }

    private static SnapshotRecord Snapshot(string pid, long seq, string title) =>
        new(pid, seq, DateTimeOffset.UtcNow, TestEvents.Serializer.Serialize(new TitleChanged("live", title)));
}

public sealed class SqliteSnapshotStoreTests(SqliteBackendFixture backend) : SnapshotStoreTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlSnapshotStoreTests(PostgreSqlBackendFixture backend) : SnapshotStoreTests(backend), IClassFixture<PostgreSqlBackendFixture>;
