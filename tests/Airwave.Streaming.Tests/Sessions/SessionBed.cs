using Airwave.Persistence;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Sessions;
using Airwave.Streaming.Tests.Channels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Streaming.Tests.Sessions;

/// <summary>Nodes' session registries over one SQLite journal in a temporary directory, as nodes sharing a database would have.</summary>
internal sealed class SessionBed : IAsyncDisposable
{
    public static readonly ListenerSessionOptions Options = ListenerSessionOptions.Default with { ExpireAfter = TimeSpan.FromHours(1) };

    private readonly string directory;
    private readonly List<ClientSessions> nodes = [];

    private SessionBed(string directory, PersistenceStores stores)
    {
        this.directory = directory;
        Stores = stores;
        Journal = new CountingJournal(stores.Journal);
    }

    public PersistenceStores Stores { get; }

    public CountingJournal Journal { get; }

    public ManualTimeProvider Clock { get; } = new(TestChannels.Origin);

    public static async Task<SessionBed> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "airwave-sessions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new SessionBed(directory, await PersistenceStoreFactory.OpenAsync(new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory }));
    }

    /// <summary>A node's sessions: its own table and serializer, the shared journal.</summary>
    public ClientSessions Node()
    {
        var node = new ClientSessions(new PersistenceServices(Journal, Stores.Snapshots, new EventSerializer()), Options, Clock, NullLogger<ClientSessions>.Instance);
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

    public Task EndAsync(ClientSessions node, SessionConnection connection) =>
        node.EndAsync(connection, new ListenerSessionRecord(
            connection.SessionId, connection.Handle.Id, connection.Channel, "10.0.0.1", "tests", connection.Handle.ConnectedUtc,
            Clock.GetUtcNow().UtcDateTime, connection.Handle.BytesSent, default, TimeSpan.Zero, "listener left"));

    /// <summary>The session's checkpoints still in the journal.</summary>
    public async Task<List<ListenerSessionCheckpoint>> CheckpointsAsync(string sessionId)
    {
        var serializer = new EventSerializer().Register<ListenerSessionCheckpoint>(ListenerSessionCheckpoint.Manifest);
        var found = new List<ListenerSessionCheckpoint>();
        await foreach (var stored in Stores.Journal.ReadEventsAsync(ListenerSessionCheckpoint.PersistenceIdOf(sessionId), 1, long.MaxValue, long.MaxValue))
        {
            found.Add((ListenerSessionCheckpoint)serializer.Deserialize(stored.Payload));
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }

        await Stores.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
