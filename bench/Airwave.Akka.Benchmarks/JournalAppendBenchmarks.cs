using Airwave.Channels.Journaling;
using Airwave.Persistence;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using BenchmarkDotNet.Attributes;
using Npgsql;

namespace Airwave.Akka.Benchmarks;

/// <summary>
/// Akka.Persistence.Sql append throughput with the node's own configuration (SQLite WAL files, PostgreSQL tables
/// prefixed akka_): one event per Persist, and 100 per PersistAll; one operation is one event.
/// </summary>
[MemoryDiagnoser]
public class JournalAppendBenchmarks
{
    private const int SingleWritesPerInvoke = 100;
    private const int BatchSize = 100;
    private const int BatchesPerInvoke = 10;

    private ActorSystem system = null!;
    private PersistenceOptions options = null!;
    private string sqliteDirectory = string.Empty;

    [Params(PersistenceProvider.Sqlite, PersistenceProvider.PostgreSql)]
    public PersistenceProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        sqliteDirectory = Path.Combine(Path.GetTempPath(), $"airwave-akka-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(sqliteDirectory);
        options = Provider switch
        {
            PersistenceProvider.Sqlite => new PersistenceOptions { Provider = Provider, DataDirectory = sqliteDirectory },
            _ => new PersistenceOptions
            {
                Provider = Provider,
                ConnectionString = Environment.GetEnvironmentVariable("AIRWAVE_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("Set AIRWAVE_TEST_POSTGRES to a PostgreSQL connection string (./test.sh prints one)."),
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

        AkkaPersistenceConfig.PrepareSqlite(options);
        system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(AkkaPersistenceConfig.Build(options)));

        // The first write creates the tables; it is not what is measured.
        await AppendAsync(new AppendEvents(1, 1));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await system.Terminate();
        if (Provider == PersistenceProvider.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(options.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA \"{options.Schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(sqliteDirectory, recursive: true);
        }
    }

    [Benchmark(OperationsPerInvoke = SingleWritesPerInvoke)]
    public Task OneEventPerPersist() => AppendAsync(new AppendEvents(SingleWritesPerInvoke, 1));

    [Benchmark(OperationsPerInvoke = BatchSize * BatchesPerInvoke)]
    public Task HundredEventsPerPersistAll() => AppendAsync(new AppendEvents(BatchesPerInvoke, BatchSize));

    private Task<AppendsDone> AppendAsync(AppendEvents command)
    {
        var writer = system.ActorOf(Props.Create(() => new AppendingActor($"bench-{Guid.NewGuid():N}")));
        return writer.Ask<AppendsDone>(command, TimeSpan.FromMinutes(5));
    }

    /// <summary>Write <paramref name="Writes"/> times, <paramref name="EventsPerWrite"/> events each, one write after the other.</summary>
    public sealed record AppendEvents(int Writes, int EventsPerWrite);

    /// <summary>All writes are durable.</summary>
    public sealed record AppendsDone;

    /// <summary>A channel-like event: what a persistence id typically appends.</summary>
    public sealed record ChunkAppended(string Channel, long Seq, DateTimeOffset Start, int DurationMs, string Title);

    /// <summary>Writes one after the other: the next write starts when the previous one is durable, as a channel's reservations do.</summary>
    private sealed class AppendingActor : ReceivePersistentActor
    {
        private AppendEvents command = new(0, 0);
        private int written;
        private IActorRef replyTo = ActorRefs.Nobody;

        public AppendingActor(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<ChunkAppended>(_ => { });
            Command<AppendEvents>(append =>
            {
                replyTo = Sender;
                command = append;
                WriteNext();
            });
        }

        public override string PersistenceId { get; }

        private void WriteNext()
        {
            if (written == command.Writes)
            {
                replyTo.Tell(new AppendsDone());
                Context.Stop(Self);
                return;
            }

            var events = Enumerable.Range(0, command.EventsPerWrite)
                .Select(i => new ChunkAppended("live", (written * command.EventsPerWrite) + i, DateTimeOffset.UnixEpoch, 2000, "Morning show with a long title"))
                .ToList();
            var last = events[^1];
            written++;
            PersistAll(events, persisted =>
            {
                if (ReferenceEquals(persisted, last))
                {
                    WriteNext();
                }
            });
        }
    }
}
