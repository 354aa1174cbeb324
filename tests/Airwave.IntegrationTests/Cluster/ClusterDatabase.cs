using Npgsql;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>A fresh schema in the test PostgreSQL server for the nodes of one cluster test, dropped afterwards.</summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    public const string Variable = "AIRWAVE_TEST_POSTGRES";

    public string ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{Variable} is not set: the cluster tests need a PostgreSQL server. Run ./test.sh, which starts one and sets {Variable}, " +
            $"or export {Variable}='Host=...;Port=...;Username=...;Database=...' yourself.");

    public string Schema { get; } = $"it_{Guid.NewGuid():N}";

    /// <summary>
    /// The <c>AIRWAVE__CLUSTER__*</c> variables that make a node a member of this cluster, found through the database,
    /// with the shipped Akka.Cluster settings; its journal is the cluster database's by default.
    /// </summary>
    public IReadOnlyDictionary<string, string> NodeEnvironment() => new Dictionary<string, string>
    {
        ["AIRWAVE__CLUSTER__DATABASE"] = ConnectionString,
        ["AIRWAVE__CLUSTER__SCHEMA"] = Schema,
        ["AIRWAVE__CLUSTER__SECRET"] = "integration-test-cluster-secret",
    };

    /// <summary><see cref="NodeEnvironment"/> for nodes that own channels: 3 s shard leases rebalanced every second.</summary>
    public Dictionary<string, string> ShardedNodeEnvironment() => new(NodeEnvironment())
    {
        ["AIRWAVE__CLUSTER__SHARDING__LEASE_TTL"] = "3s",
        ["AIRWAVE__CLUSTER__SHARDING__REBALANCE_INTERVAL"] = "1s",
    };

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
