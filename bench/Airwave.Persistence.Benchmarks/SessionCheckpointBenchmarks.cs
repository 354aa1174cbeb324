using System.Text.Json;
using Airwave.Channels.Journaling;
using Airwave.Persistence.Sessions;
using Akka.Actor;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;
using Npgsql;

namespace Airwave.Persistence.Benchmarks;

/// <summary>The shape of a listener session's stored state (the node's <c>ListenerSessionCheckpoint</c>), for payloads of its real size.</summary>
public sealed record SessionState(
    string SessionId, string Channel, long PlayheadSeq, DateTime PlayheadEndUtc, TimeSpan Shift, long Bytes, string Remote, string UserAgent, DateTime StartedUtc, DateTime LastSeenUtc);

/// <summary>
/// What one checkpoint interval costs with 3,000 connected listeners: every session moved on, so every one is written,
/// in one batch of the session journal (Akka.Persistence.Sql with the node's configuration), as <c>SessionCheckpoints</c>
/// does. One operation is one batch (serializing the states included).
/// </summary>
public class SessionCheckpointBenchmarks
{
    private const int Sessions = 3_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private PersistenceOptions options = null!;
    private ActorSystem system = null!;
    private SessionJournalTable table = null!;
    private SessionJournal journal = null!;
    private string sqliteDirectory = string.Empty;
    private string[] ids = [];
    private long version;

    [Params(PersistenceProvider.Sqlite, PersistenceProvider.PostgreSql)]
    public PersistenceProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        sqliteDirectory = Path.Combine(Path.GetTempPath(), $"airwave-bench-{Guid.NewGuid():N}");
        options = Provider switch
        {
            PersistenceProvider.Sqlite => new PersistenceOptions { Provider = Provider, DataDirectory = sqliteDirectory },
            _ => new PersistenceOptions
            {
                Provider = Provider,
                ConnectionString = Environment.GetEnvironmentVariable("AIRWAVE_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("Set AIRWAVE_TEST_POSTGRES to a PostgreSQL connection string (scripts/start-test-postgres.sh prints one)."),
                Schema = $"bench_{Guid.NewGuid():N}",
            },
        };
        if (Provider == PersistenceProvider.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(options.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA \"{options.Schema}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        else
        {
            Directory.CreateDirectory(sqliteDirectory);
            AkkaPersistenceConfig.PrepareSqlite(options);
        }

        system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(AkkaPersistenceConfig.Build(options)));
        table = SessionJournalTable.For(options);
        journal = new SessionJournal(system, table);
        ids = [.. Enumerable.Range(0, Sessions).Select(_ => Guid.NewGuid().ToString("N"))];
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await system.Terminate();
        await table.DisposeAsync();
        if (Provider == PersistenceProvider.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(options.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA \"{options.Schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else if (Directory.Exists(sqliteDirectory))
        {
            Directory.Delete(sqliteDirectory, recursive: true);
        }
    }

    [Benchmark]
    public async Task<int> CheckpointThreeThousandSessions()
    {
        version++;
        var now = DateTime.UtcNow;
        var states = new List<SessionStateWrite>(Sessions);
        foreach (var id in ids)
        {
            var state = new SessionState(id, "live", version * 10, now, TimeSpan.Zero, version * 80_000, "10.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) listener", now, now);
            states.Add(new SessionStateWrite(id, version, JsonSerializer.SerializeToUtf8Bytes(state, Json)));
        }

        var lost = await journal.SaveAsync(states);
        return lost.Count == 0 ? states.Count : throw new InvalidOperationException($"{lost.Count} sessions lost their write");
    }
}
