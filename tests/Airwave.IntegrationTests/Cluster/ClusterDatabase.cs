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

    /// <summary>The <c>AIRWAVE__CLUSTER__*</c> variables that make a node a member of this cluster with quick failure detection.</summary>
    public IReadOnlyDictionary<string, string> NodeEnvironment() => new Dictionary<string, string>
    {
        ["AIRWAVE__CLUSTER__DATABASE"] = ConnectionString,
        ["AIRWAVE__CLUSTER__SCHEMA"] = Schema,
        ["AIRWAVE__CLUSTER__SECRET"] = "integration-test-cluster-secret",
        ["AIRWAVE__CLUSTER__HEARTBEAT_INTERVAL"] = "500ms",
        ["AIRWAVE__CLUSTER__FAILURE_DETECTOR__TIMEOUT"] = "2s",
        ["AIRWAVE__CLUSTER__DOWN_AFTER"] = "0s",
    };

    /// <summary>
    /// <see cref="NodeEnvironment"/> for nodes that own channels: 3 s shard leases rebalanced every second, and the journal
    /// in this schema, shared by every node as a cluster's must be (sequence numbers, runtime channels, sessions).
    /// </summary>
    public Dictionary<string, string> ShardedNodeEnvironment() => new(NodeEnvironment())
    {
        ["AIRWAVE__CLUSTER__SHARDING__LEASE_TTL"] = "3s",
        ["AIRWAVE__CLUSTER__SHARDING__REBALANCE_INTERVAL"] = "1s",
        ["AIRWAVE__PERSISTENCE__PROVIDER"] = "postgresql",
        ["AIRWAVE__PERSISTENCE__CONNECTION_STRING"] = ConnectionString,
        ["AIRWAVE__PERSISTENCE__SCHEMA"] = Schema,
    };

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
