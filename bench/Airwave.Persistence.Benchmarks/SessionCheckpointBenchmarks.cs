using Airwave.Channels.Journaling;
using Airwave.Persistence.Sessions;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Sessions;
using Akka.Actor;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Persistence.Benchmarks;

/// <summary>
/// What one checkpoint interval costs with 3,000 connected listeners that all moved on, in the session journal
/// (Akka.Persistence.Sql with the node's configuration): as a batch of 3,000 session checkpoints (what a node wrote per
/// interval before progress rows, and still writes when 3,000 listeners connect at once), and as the node writes it now
/// (<see cref="ClientSessions.FlushAsync"/>: one progress row of all 3,000 playheads); and what one listener that comes
/// back with its session id costs the journal (<see cref="SessionJournal.LoadAsync"/>: its latest checkpoint read back),
/// which a node pays per listener when a restarted node's listeners reconnect.
/// </summary>
public class SessionCheckpointBenchmarks
{
    private const int Sessions = 3_000;
    private readonly SessionCheckpointFormat.Encoder encoder = new();
    private PersistenceOptions options = null!;
    private ActorSystem system = null!;
    private SessionJournalTable table = null!;
    private SessionJournal journal = null!;
    private string[] ids = [];
    private long version;
    private int resumed;
    private ClientSessions sessions = null!;
    private ListenerHandle[] handles = [];

    [Params(PersistenceProvider.Sqlite, PersistenceProvider.PostgreSql)]
    public PersistenceProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        options = await BenchDatabase.CreateAsync(Provider);
        if (Provider == PersistenceProvider.Sqlite)
        {
            AkkaPersistenceConfig.PrepareSqlite(options);
        }

        system = ActorSystem.Create("bench", AkkaPersistenceConfig.SystemSetup(options, ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        table = SessionJournalTable.For(options);
        journal = new SessionJournal(system, table);
        ids = [.. Enumerable.Range(0, Sessions).Select(_ => Guid.NewGuid().ToString("N"))];
        sessions = new ClientSessions(journal, ListenerSessionOptions.Default, TimeProvider.System, NullLogger<ClientSessions>.Instance);
        handles = [.. Enumerable.Range(0, Sessions).Select(_ => new ListenerHandle("10.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) listener", TimeSpan.Zero, DateTime.UtcNow))];
        foreach (var handle in handles)
        {
            using var claim = sessions.ClaimNew();
            claim.Attach(handle, "live", null);
        }

        // Each connection's first checkpoint, written as it connects; the benchmark is the intervals after.
        await sessions.FlushAsync();

        // A first checkpoint of each of the ids too, for a listener to resume from.
        await CheckpointThreeThousandSessions();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        sessions.Dispose();
        encoder.Dispose();
        await system.Terminate();
        await table.DisposeAsync();
        await BenchDatabase.DeleteAsync(options);
    }

    [Benchmark]
    public async Task<int> CheckpointThreeThousandSessions()
    {
        version++;
        var now = DateTime.UtcNow;
        var states = new List<SessionStateWrite>(Sessions);
        foreach (var id in ids)
        {
            var state = new ListenerSessionCheckpoint(id, "live", version * 10, now, TimeSpan.Zero, version * 80_000, "10.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) listener", now, now, null);
            states.Add(new SessionStateWrite(id, version, encoder.Encode(state)));
        }

        var lost = await journal.SaveAsync(states);
        return lost.Count == 0 ? states.Count : throw new InvalidOperationException($"{lost.Count} sessions lost their write");
    }

    [Benchmark]
    public async Task<int> ProgressOfThreeThousandSessions()
    {
        version++;
        var end = DateTime.UtcNow.Ticks;
        foreach (var handle in handles)
        {
            handle.Played(version * 10, end);
            handle.Delivered(end, 80_000);
        }

        var written = await sessions.FlushAsync();
        return written == Sessions ? written : throw new InvalidOperationException($"{written} of {Sessions} sessions written");
    }

    [Benchmark]
    public async Task<long> ResumeOneSession()
    {
        var id = ids[resumed++ % Sessions];
        var stored = await journal.LoadAsync(id);
        return stored?.Version ?? throw new InvalidOperationException($"session {id} was not found");
    }
}
