using System.Text;
using Airwave.Persistence.Sessions;
using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Sessions;

/// <summary>
/// The session store on SQLite and PostgreSQL: a state replaces only the version just below it (so two nodes writing one
/// session cannot overwrite each other unseen), records are stored once, expiry deletes by last seen.
/// </summary>
public abstract class ListenerSessionStoreTests(BackendFixture backend)
{
    private static readonly DateTime Now = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly IListenerSessionStore store = backend.Stores.Sessions;

    [Fact]
    public async Task Each_version_replaces_the_one_below_and_a_write_from_behind_is_lost_and_changes_nothing()
    {
        var id = NewId();
        Assert.Empty(await store.SaveAsync([State(id, 1, "first")], []));
        Assert.Empty(await store.SaveAsync([State(id, 2, "second")], []));

        var lost = await store.SaveAsync([State(id, 2, "another node's second")], []);

        Assert.Equal([id], lost);
        var stored = await store.LoadAsync(id);
        Assert.Equal(2, stored!.Version);
        Assert.Equal("second", Encoding.UTF8.GetString(stored.State));
        Assert.Single(await store.SaveAsync([State(id, 5, "skipping ahead")], []));
    }

    [Fact]
    public async Task One_batch_writes_thousands_of_sessions_and_their_records_and_names_only_the_losers()
    {
        var ids = Enumerable.Range(0, 3_000).Select(_ => NewId()).ToList();
        await store.SaveAsync([State(ids[7], 1, "taken")], []);
        var records = ids.Take(500).Select(id => new ConnectionRecordWrite(id, Now, Encoding.UTF8.GetBytes("record " + id))).ToList();

        var lost = await store.SaveAsync([.. ids.Select(id => State(id, 1, "state " + id))], records);

        Assert.Equal([ids[7]], lost);
        Assert.Equal("state " + ids[2_999], Encoding.UTF8.GetString((await store.LoadAsync(ids[2_999]))!.State));
        Assert.Equal("taken", Encoding.UTF8.GetString((await store.LoadAsync(ids[7]))!.State));
        await store.SaveAsync([], records);
        var stored = await store.ConnectionRecordsSinceAsync(Now, 10_000);
        Assert.Equal(500, stored.Count(r => Encoding.UTF8.GetString(r).StartsWith("record ", StringComparison.Ordinal) && ids.Contains(Encoding.UTF8.GetString(r)[7..])));
    }

    [Fact]
    public async Task Expiry_deletes_the_sessions_last_seen_before_the_cutoff_and_a_deleted_one_can_be_written_again()
    {
        var old = NewId();
        var recent = NewId();
        await store.SaveAsync([State(old, 3, "old", Now.AddDays(-400)), State(recent, 1, "recent", Now.AddDays(-399))], []);

        Assert.Equal(1, await store.DeleteLastSeenBeforeAsync(Now.AddDays(-399).AddHours(-1)));

        Assert.Null(await store.LoadAsync(old));
        Assert.NotNull(await store.LoadAsync(recent));
        Assert.Empty(await store.SaveAsync([State(old, 4, "resumed after expiry")], []));
        Assert.Equal(4, (await store.LoadAsync(old))!.Version);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static SessionStateWrite State(string id, long version, string text, DateTime? lastSeen = null) =>
        new(id, version, lastSeen ?? Now, Encoding.UTF8.GetBytes(text));
}

public sealed class SqliteListenerSessionStoreTests(SqliteBackendFixture backend) : ListenerSessionStoreTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlListenerSessionStoreTests(PostgreSqlBackendFixture backend) : ListenerSessionStoreTests(backend), IClassFixture<PostgreSqlBackendFixture>;
