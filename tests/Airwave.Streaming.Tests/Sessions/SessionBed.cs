using Airwave.Channels.Journaling;
using Airwave.Persistence;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Sessions;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Streaming.Tests.Sessions;

/// <summary>
/// Nodes' session registries over one session journal (Akka.Persistence.Sql on SQLite files in a temporary directory,
/// the node's own configuration), as nodes sharing a database would have.
/// </summary>
internal sealed class SessionBed : IAsyncDisposable
{
    public static readonly ListenerSessionOptions Options = ListenerSessionOptions.Default with { ExpireAfter = TimeSpan.FromHours(1) };

    private readonly string directory;
    private readonly List<ClientSessions> nodes = [];

    private readonly ActorSystem system;
    private readonly SessionJournalTable table;

    private readonly PersistenceOptions options;

    private SessionBed(PersistenceOptions options, PersistenceStores stores, ActorSystem system, SessionJournalTable table)
    {
        this.options = options;
        directory = options.DataDirectory!;
        this.system = system;
        this.table = table;
        Stores = stores;
        Journal = new SessionJournal(system, table);
        Store = new CountingSessionStore(Journal);
    }

    public PersistenceStores Stores { get; }

    public SessionJournal Journal { get; }

    public CountingSessionStore Store { get; }

    public ManualTimeProvider Clock { get; } = new(TestChannels.Origin);

    public static async Task<SessionBed> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "airwave-sessions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var options = new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory };
        AkkaPersistenceConfig.PrepareSqlite(options);
        var system = ActorSystem.Create("sessions", AkkaPersistenceConfig.SystemSetup(options, ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        return new SessionBed(options, await PersistenceStoreFactory.OpenAsync(options), system, SessionJournalTable.For(options));
    }

    /// <summary>A node's sessions: its own table, the shared store.</summary>
    public ClientSessions Node(ListenerSessionOptions? options = null)
    {
        var node = new ClientSessions(Store, options ?? Options, Clock, NullLogger<ClientSessions>.Instance);
        nodes.Add(node);
        return node;
    }

    public ListenerHandle Handle() => new("10.0.0.1", "tests", TimeSpan.Zero, Clock.GetUtcNow().UtcDateTime);

    /// <summary>Claims <paramref name="sessionId"/> on <paramref name="node"/> and attaches a new listener to it.</summary>
    public async Task<SessionConnection> ConnectAsync(ClientSessions node, string sessionId, long? resumedAtSeq = null)
    {
        using var claim = await node.ClaimAsync(sessionId, CancellationToken.None);
        return claim.Attach(Handle(), "live", resumedAtSeq) ?? throw new InvalidOperationException("the node is draining");
    }

    public static Task EndAsync(ClientSessions node, SessionConnection connection) => node.EndAsync(connection);

    /// <summary>The session's state as a node that does not hold it reads it from the store (its checkpoint, with its writer's progress); null when none is stored.</summary>
    public async Task<ListenerSessionCheckpoint?> StoredAsync(string sessionId)
    {
        var reader = new ClientSessions(Store, Options, Clock, NullLogger<ClientSessions>.Instance);
        using (reader)
        {
            using var claim = await reader.ClaimAsync(sessionId, CancellationToken.None);
            return claim.Latest;
        }
    }

    /// <summary>The rows of the session journal's table: every checkpoint not pruned yet.</summary>
    public async Task<long> JournalRowsAsync()
    {
        await using var connection = new SqliteConnection(AkkaPersistenceConfig.SessionJournalConnectionString(options));
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {AkkaPersistenceConfig.SessionJournalTableName}";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }

        await Stores.DisposeAsync();
        await system.Terminate();
        await table.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
