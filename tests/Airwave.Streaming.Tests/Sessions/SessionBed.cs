using System.Text.Json;
using Airwave.Persistence;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Streaming.Tests.Sessions;

/// <summary>Nodes' session registries over one SQLite session store in a temporary directory, as nodes sharing a database would have.</summary>
internal sealed class SessionBed : IAsyncDisposable
{
    public static readonly ListenerSessionOptions Options = ListenerSessionOptions.Default with { ExpireAfter = TimeSpan.FromHours(1) };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string directory;
    private readonly List<ClientSessions> nodes = [];

    private SessionBed(string directory, PersistenceStores stores)
    {
        this.directory = directory;
        Stores = stores;
        Store = new CountingSessionStore(stores.Sessions);
    }

    public PersistenceStores Stores { get; }

    public CountingSessionStore Store { get; }

    public ManualTimeProvider Clock { get; } = new(TestChannels.Origin);

    public static async Task<SessionBed> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "airwave-sessions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new SessionBed(directory, await PersistenceStoreFactory.OpenAsync(new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory }));
    }

    /// <summary>A node's sessions: its own table, the shared store.</summary>
    public ClientSessions Node()
    {
        var node = new ClientSessions(Store, Options, Clock, NullLogger<ClientSessions>.Instance);
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

    /// <summary>The session's stored checkpoint: none or one, since each write replaces the last.</summary>
    public async Task<List<ListenerSessionCheckpoint>> CheckpointsAsync(string sessionId) =>
        await Stores.Sessions.LoadAsync(sessionId) is { } stored ? [JsonSerializer.Deserialize<ListenerSessionCheckpoint>(stored.State, Json)!] : [];

    /// <summary>The records of the connections that ended, oldest first.</summary>
    public async Task<List<ListenerSessionRecord>> EndedAsync() =>
        [.. (await Stores.Sessions.ConnectionRecordsSinceAsync(DateTime.MinValue, 100)).Select(r => JsonSerializer.Deserialize<ListenerSessionRecord>(r, Json)!)];

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
