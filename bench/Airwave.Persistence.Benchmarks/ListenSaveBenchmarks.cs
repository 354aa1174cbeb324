using Airwave.Persistence.Analytics;
using BenchmarkDotNet.Attributes;

namespace Airwave.Persistence.Benchmarks;

/// <summary>
/// What the node's analytics write costs with 3,000 connected listeners: every listen is written when it begins and
/// again every progress interval (30 s), in batches (<c>ListeningRecorder</c>). One batch of 3,000 progressed listens,
/// the user agents of real players.
/// </summary>
[MemoryDiagnoser]
public class ListenSaveBenchmarks
{
    private const int Listens = 3_000;
    private static readonly string[] Agents = ["VLC/3.0.20 LibVLC/3.0.20", "Lavf/59.27.100", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"];
    private PersistenceOptions options = null!;
    private PersistenceStores stores = null!;
    private ListenRow[] listens = [];
    private long round;

    [Params(PersistenceProvider.Sqlite, PersistenceProvider.PostgreSql)]
    public PersistenceProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        options = await BenchDatabase.CreateAsync(Provider);
        stores = await PersistenceStoreFactory.OpenAsync(options);
        var started = DateTime.UtcNow;
        listens = [.. Enumerable.Range(0, Listens).Select(i => new ListenRow(
            Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), "live", "raw", $"10.0.{i / 250}.{i % 250}", Agents[i % Agents.Length], "node-a",
            TimeSpan.Zero, started, started, TimeSpan.Zero, 0, false, ""))];
        await stores.Listens.SaveAsync(listens);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await stores.DisposeAsync();
        await BenchDatabase.DeleteAsync(options);
    }

    [Benchmark]
    public async Task<int> SaveThreeThousandProgressedListens()
    {
        round++;
        var progressed = Array.ConvertAll(listens, l => l with { LastUtc = l.StartedUtc.AddSeconds(30 * round), Listened = TimeSpan.FromSeconds(30 * round), Bytes = 480_000 * round });
        await stores.Listens.SaveAsync(progressed);
        return progressed.Length;
    }
}
