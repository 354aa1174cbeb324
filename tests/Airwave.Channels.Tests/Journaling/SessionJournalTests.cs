using System.Text;
using Airwave.Channels.Journaling;
using Airwave.Persistence;
using Airwave.Persistence.Sessions;
using Airwave.Persistence.Sqlite;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using LinqToDB.Data;
using Xunit;

namespace Airwave.Channels.Tests.Journaling;

/// <summary>
/// Listener sessions in Akka.Persistence on both backends, with the node's configuration: a batch of thousands is one
/// write, a version another node already wrote is refused for that session alone, a writer's latest progress row is what
/// a resuming node reads, superseded checkpoints and expired sessions are pruned, and the sessions an earlier version
/// stored move in once.
/// </summary>
public abstract class SessionJournalTests : IAsyncLifetime
{
    private ActorSystem system = null!;
    private SessionJournalTable table = null!;

    protected SessionJournal Journal { get; private set; } = null!;

    protected abstract PersistenceOptions Options { get; }

    public virtual Task InitializeAsync()
    {
        system = ActorSystem.Create("sessions", AkkaPersistenceConfig.SystemSetup(Options, ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        table = SessionJournalTable.For(Options);
        Journal = new SessionJournal(system, table);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        await system.Terminate();
        await table.DisposeAsync();
    }

    [Fact]
    public async Task Three_thousand_sessions_are_written_in_one_batch_and_only_the_one_another_node_wrote_first_is_lost()
    {
        var ids = Enumerable.Range(0, 3_000).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        Assert.Empty(await Journal.SaveAsync([State(ids[1_234], 1, "another node's")]));

        var lost = await Journal.SaveAsync([.. ids.Select(id => State(id, 1, "state " + id))]);

        Assert.Equal([ids[1_234]], lost);
        Assert.Equal("another node's", Text(await Journal.LoadAsync(ids[1_234])));
        Assert.Equal("state " + ids[2_999], Text(await Journal.LoadAsync(ids[2_999])));
        Assert.Equal(1, (await Journal.LoadAsync(ids[0]))!.Version);
    }

    [Fact]
    public async Task Each_version_follows_the_last_and_the_latest_is_what_a_resuming_node_reads()
    {
        var id = Guid.NewGuid().ToString("N");
        Assert.Null(await Journal.LoadAsync(id));
        for (var version = 1; version <= 4; version++)
        {
            Assert.Empty(await Journal.SaveAsync([State(id, version, "v" + version)]));
        }

        Assert.Equal([id], await Journal.SaveAsync([State(id, 3, "a stale writer's third")]));
        var latest = await Journal.LoadAsync(id);
        Assert.Equal((4L, "v4"), (latest!.Version, Text(latest)));
    }

    [Fact]
    public async Task A_resume_reads_the_latest_row_not_marked_deleted_and_refuses_a_payload_another_serializer_wrote()
    {
        // The resume reads the journal's table with a statement of its own (SessionJournalTable), not Akka's replay, so it
        // must keep what the replay would: skip what the journal marked deleted, and take only payloads it can read.
        var id = Guid.NewGuid().ToString("N");
        for (var version = 1; version <= 3; version++)
        {
            Assert.Empty(await Journal.SaveAsync([State(id, version, "v" + version)]));
        }

        var row = $"persistence_id = '{SessionJournal.PersistenceIdPrefix}{id}' AND sequence_number";
        await ExecuteAsync($"UPDATE {{table}} SET deleted = NOT deleted WHERE {row} = 3");
        var latest = await Journal.LoadAsync(id);
        Assert.Equal((2L, "v2"), (latest!.Version, Text(latest)));

        await ExecuteAsync($"UPDATE {{table}} SET identifier = identifier + 1000 WHERE {row} = 2");
        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => Journal.LoadAsync(id));
        Assert.Contains("byte-array serializer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_resumes_at_once_each_read_their_own_latest_row_beside_unknown_ids_and_progress_rows()
    {
        // A node's listeners coming back together: their reads share statements (more ids than one statement takes),
        // and each must still get its own session's latest row, none for an unknown id, and a writer's progress row.
        var known = Enumerable.Range(0, 700).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var writer = Guid.NewGuid().ToString("N");
        Assert.Empty(await Journal.SaveAsync([.. known.Select(id => State(id, 1, "first " + id))]));
        Assert.Empty(await Journal.SaveAsync([.. known.Where((_, i) => i % 2 == 0).Select(id => State(id, 2, "second " + id))]));
        await Journal.SaveProgressAsync(writer, 1, Encoding.UTF8.GetBytes("progress"));
        var unknown = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        var sessions = known.Concat(unknown).Select(id => Task.Run(() => Journal.LoadAsync(id))).ToList();
        var progress = Journal.LoadProgressAsync(writer);
        var read = await Task.WhenAll(sessions);

        Assert.All(known.Select((id, i) => (id, i, state: read[i])), r =>
            Assert.Equal(r.i % 2 == 0 ? (2L, "second " + r.id) : (1L, "first " + r.id), (r.state!.Version, Text(r.state))));
        Assert.All(read.Skip(known.Count), Assert.Null);
        Assert.Equal("progress", Encoding.UTF8.GetString((await progress)!));
    }

    [Fact]
    public async Task A_writers_latest_progress_row_is_read_alone_and_another_writers_rows_are_apart()
    {
        var (writer, other) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        Assert.Null(await Journal.LoadProgressAsync(writer));
        for (var version = 1; version <= 30; version++)
        {
            await Journal.SaveProgressAsync(writer, version, Encoding.UTF8.GetBytes("row " + version));
        }

        await Journal.SaveProgressAsync(other, 1, Encoding.UTF8.GetBytes("the other's row"));

        Assert.Equal("row 30", Encoding.UTF8.GetString((await Journal.LoadProgressAsync(writer))!));
        Assert.Equal("the other's row", Encoding.UTF8.GetString((await Journal.LoadProgressAsync(other))!));
        // A progress stream is not a session, even with the same id.
        Assert.Null(await Journal.LoadAsync(writer));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Journal.SaveProgressAsync(writer, 30, [1]));
    }

    [Fact]
    public async Task Expiry_prunes_superseded_rows_and_sessions_and_progress_not_written_for_the_given_time_counting_only_sessions()
    {
        var (old, recent) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var (gone, alive) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await Journal.SaveAsync([State(old, 1, "old 1")]);
        await Journal.SaveAsync([State(old, 2, "old 2")]);
        await Journal.SaveProgressAsync(gone, 1, [1]);
        await Journal.SaveProgressAsync(alive, 1, [1]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await Journal.SaveAsync([State(recent, 1, "recent 1")]);
        await Journal.SaveAsync([State(recent, 2, "recent 2")]);
        await Journal.SaveProgressAsync(alive, 2, [2]);

        Assert.Equal(1, await Journal.ExpireAsync(TimeSpan.FromSeconds(1)));

        Assert.Null(await Journal.LoadAsync(old));
        Assert.Null(await Journal.LoadProgressAsync(gone));
        Assert.Equal([2], await Journal.LoadProgressAsync(alive));
        Assert.Equal((2L, "recent 2"), ((await Journal.LoadAsync(recent))!.Version, Text(await Journal.LoadAsync(recent))));
        Assert.Empty(await Journal.SaveAsync([State(recent, 3, "recent 3")]));
        await Journal.SaveProgressAsync(alive, 3, [3]);
        Assert.Equal(0, await Journal.ExpireAsync(TimeSpan.FromHours(1)));
        Assert.Equal([3], await Journal.LoadProgressAsync(alive));
    }

    [Fact]
    public async Task Sessions_an_earlier_version_stored_move_in_once_even_when_two_nodes_move_them()
    {
        var ids = Enumerable.Range(0, 2_500).Select(i => $"earlier-{i:D4}-{Guid.NewGuid():N}").ToList();
        var earlier = new EarlierSessions([.. ids.Select(id => State(id, 7, "earlier " + id))]);
        var again = new EarlierSessions([State(ids[5], 7, "moved twice")]);

        Assert.Equal(2_500, await Journal.MoveEarlierAsync(earlier));
        Assert.Equal(0, await Journal.MoveEarlierAsync(again));

        Assert.Empty(earlier.Waiting);
        Assert.Empty(again.Waiting);
        var moved = await Journal.LoadAsync(ids[5]);
        Assert.Equal((7L, "earlier " + ids[5]), (moved!.Version, Text(moved)));
    }

    /// <summary>Runs <paramref name="sql"/> on the journal's database, <c>{table}</c> standing for the sessions' journal table.</summary>
    protected abstract Task ExecuteAsync(string sql);

    private static SessionStateWrite State(string id, long version, string text) => new(id, version, Encoding.UTF8.GetBytes(text));

    private static string Text(StoredSessionState? state) => Encoding.UTF8.GetString(state!.State);

    /// <summary>An earlier version's table, as the node reads it: in batches, each forgotten once moved.</summary>
    private sealed class EarlierSessions(List<SessionStateWrite> waiting) : Airwave.Persistence.EarlierVersion.IEarlierSessionStore
    {
        public List<SessionStateWrite> Waiting { get; } = waiting;

        public Task<IReadOnlyList<SessionStateWrite>> ReadAsync(int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SessionStateWrite>>([.. Waiting.Take(max)]);

        public Task ForgetAsync(IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken = default)
        {
            Waiting.RemoveAll(s => sessionIds.Contains(s.SessionId));
            return Task.CompletedTask;
        }
    }
}

public sealed class SqliteSessionJournalTests : SessionJournalTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "airwave-session-journal-" + Guid.NewGuid().ToString("N"));

    protected override PersistenceOptions Options => new() { Provider = PersistenceProvider.Sqlite, DataDirectory = directory };

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        AkkaPersistenceConfig.PrepareSqlite(Options);
        return base.InitializeAsync();
    }

    [Fact]
    public async Task The_journal_opens_its_connections_with_a_small_page_cache()
    {
        Assert.Equal(AkkaPersistenceConfig.SessionJournalPluginId, AkkaPersistenceConfig.Build(Options).GetString($"{AkkaPersistenceConfig.SessionJournalPluginId}.plugin-id"));
        var setup = Assert.IsType<MultiDataOptionsSetup>(AkkaPersistenceConfig.ConnectionSetup(Options));
        Assert.True(setup.TryGetDataOptionsFor(AkkaPersistenceConfig.SessionJournalPluginId, out var options));
        Assert.NotNull(options);

        await using var connection = new DataConnection(options);
        Assert.Equal(-SqlitePageCache.Kibibytes, await connection.ExecuteAsync<long>("PRAGMA cache_size"));
    }

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(AkkaPersistenceConfig.SessionJournalConnectionString(Options));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{table}", AkkaPersistenceConfig.SessionJournalTableName, StringComparison.Ordinal);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class PostgreSqlSessionJournalTests : SessionJournalTests
{
    private readonly string schema = $"t_{Guid.NewGuid():N}";

    protected override PersistenceOptions Options => new() { Provider = PersistenceProvider.PostgreSql, ConnectionString = TestJournals.PostgreSqlConnectionString, Schema = schema };

    public override async Task InitializeAsync()
    {
        await TestJournals.CreateSchemaAsync(schema);
        await base.InitializeAsync();
    }

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestJournals.PostgreSqlConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{table}", $"\"{schema}\".{AkkaPersistenceConfig.SessionJournalTableName}", StringComparison.Ordinal);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestJournals.DropSchemaAsync(schema);
    }
}
