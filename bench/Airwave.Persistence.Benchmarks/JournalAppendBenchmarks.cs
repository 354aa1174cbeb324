using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Npgsql;

namespace Airwave.Persistence.Benchmarks;

/// <summary>A channel-like event: what a persistence id typically appends.</summary>
public sealed record ChunkAppended(string Channel, long Seq, DateTimeOffset Start, int DurationMs, string Title);

/// <summary>Journal append throughput per backend, one event per write and 100 per atomic batch; one operation is one event.</summary>
[Config(typeof(Config))]
public class JournalAppendBenchmarks
{
    private const int SingleWritesPerInvoke = 100;
    private const int BatchSize = 100;
    private const int BatchesPerInvoke = 10;

    private readonly EventSerializer serializer = new EventSerializer().Register<ChunkAppended>("bench.chunk-appended.v1");
    private PersistenceStores stores = null!;
    private PersistenceOptions options = null!;
    private string sqliteDirectory = string.Empty;
    private EventToWrite[] events = [];

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
                    ?? throw new InvalidOperationException("Set AIRWAVE_TEST_POSTGRES to a PostgreSQL connection string (./test.sh prints one)."),
                Schema = $"bench_{Guid.NewGuid():N}",
            },
        };
        stores = await PersistenceStoreFactory.OpenAsync(options);
        events = [.. Enumerable.Range(1, BatchSize * BatchesPerInvoke).Select(seq => new EventToWrite(
            seq,
            serializer.Serialize(new ChunkAppended("live", seq, DateTimeOffset.UnixEpoch.AddSeconds(seq * 2), 2000, "Morning show with a long title")),
            ["channel-live"]))];
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await stores.DisposeAsync();
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

    [Benchmark(OperationsPerInvoke = SingleWritesPerInvoke)]
    public async Task OneEventPerWrite()
    {
        var pid = $"bench-{Guid.NewGuid():N}";
        for (var i = 0; i < SingleWritesPerInvoke; i++)
        {
            await stores.Journal.WriteAsync(pid, [events[i]]);
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize * BatchesPerInvoke)]
    public async Task HundredEventsPerWrite()
    {
        var pid = $"bench-{Guid.NewGuid():N}";
        for (var batch = 0; batch < BatchesPerInvoke; batch++)
        {
            await stores.Journal.WriteAsync(pid, new ArraySegment<EventToWrite>(events, batch * BatchSize, BatchSize));
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new EventsPerSecondColumn());
        }
    }
}
