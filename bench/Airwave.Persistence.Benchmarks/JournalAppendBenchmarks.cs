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

    private readonly EventSerializer _serializer = new EventSerializer().Register<ChunkAppended>("bench.chunk-appended.v1");
    private PersistenceStores _stores = null!;
    private PersistenceOptions _options = null!;
    private string _sqliteDirectory = string.Empty;
    private EventToWrite[] _events = [];

    [Params(PersistenceProvider.Sqlite, PersistenceProvider.PostgreSql)]
    public PersistenceProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _sqliteDirectory = Path.Combine(Path.GetTempPath(), $"airwave-bench-{Guid.NewGuid():N}");
        _options = Provider switch
        {
            PersistenceProvider.Sqlite => new PersistenceOptions { Provider = Provider, DataDirectory = _sqliteDirectory },
            _ => new PersistenceOptions
            {
                Provider = Provider,
                ConnectionString = Environment.GetEnvironmentVariable("AIRWAVE_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("Set AIRWAVE_TEST_POSTGRES to a PostgreSQL connection string (./test.sh prints one)."),
                Schema = $"bench_{Guid.NewGuid():N}",
            },
        };
        _stores = await PersistenceStoreFactory.OpenAsync(_options);
        _events = [.. Enumerable.Range(1, BatchSize * BatchesPerInvoke).Select(seq => new EventToWrite(
            seq,
            _serializer.Serialize(new ChunkAppended("live", seq, DateTimeOffset.UnixEpoch.AddSeconds(seq * 2), 2000, "Morning show with a long title")),
            ["channel-live"]))];
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _stores.DisposeAsync();
        if (Provider == PersistenceProvider.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(_options.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA \"{_options.Schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else if (Directory.Exists(_sqliteDirectory))
        {
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    [Benchmark(OperationsPerInvoke = SingleWritesPerInvoke)]
    public async Task OneEventPerWrite()
    {
        var pid = $"bench-{Guid.NewGuid():N}";
        for (var i = 0; i < SingleWritesPerInvoke; i++)
        {
            await _stores.Journal.WriteAsync(pid, [_events[i]]);
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize * BatchesPerInvoke)]
    public async Task HundredEventsPerWrite()
    {
        var pid = $"bench-{Guid.NewGuid():N}";
        for (var batch = 0; batch < BatchesPerInvoke; batch++)
        {
            await _stores.Journal.WriteAsync(pid, new ArraySegment<EventToWrite>(_events, batch * BatchSize, BatchSize));
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
