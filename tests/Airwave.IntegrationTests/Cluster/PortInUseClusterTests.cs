using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Airwave.IntegrationTests.Harness;
using Npgsql;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>A cluster node whose listener or remoting port is taken stops before it joins: it never shows up as a member (it used to join as Up, then exit).</summary>
public sealed class PortInUseClusterTests
{
    [Fact]
    public async Task Node_with_a_taken_port_exits_in_one_line_without_touching_the_cluster_database()
    {
        var (result, port) = await ServeWithATakenPortAsync(port => new()
        {
            ["AIRWAVE__HTTP__PORT"] = port,
            ["AIRWAVE__CLUSTER__ADVERTISE_ADDRESS"] = "127.0.0.1:" + port,
        });

        Assert.Contains($"cannot listen on 127.0.0.1:{port}", Assert.Single(result.Lines()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_whose_cluster_port_is_taken_exits_naming_it_without_touching_the_cluster_database()
    {
        var http = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var (result, port) = await ServeWithATakenPortAsync(port => new()
        {
            ["AIRWAVE__HTTP__PORT"] = http,
            ["AIRWAVE__CLUSTER__ADVERTISE_ADDRESS"] = "127.0.0.1:" + http,
            ["AIRWAVE__CLUSTER__PORT"] = port,
        });

        Assert.Contains($"cannot listen on the cluster port 127.0.0.1:{port} (airwave.cluster.port): Address already in use", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs a cluster node once with the settings <paramref name="environment"/> gives for a port another socket holds; asserts it exited 1 before creating anything in the cluster database.</summary>
    private static async Task<(ProcessResult Result, string Port)> ServeWithATakenPortAsync(Func<string, Dictionary<string, string>> environment)
    {
        await using var database = new ClusterDatabase();
        var directory = Directory.CreateTempSubdirectory("airwave-it-cluster-port-").FullName;
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        try
        {
            var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            var settings = new Dictionary<string, string>(database.ShardedNodeEnvironment())
            {
                ["AIRWAVE__DATA_DIR"] = Path.Combine(directory, "data"),
                ["AIRWAVE__HTTP__BIND"] = "127.0.0.1",
                ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in environment(port))
            {
                settings[key] = value;
            }

            var result = await ServeOnce.RunAsync(directory, settings);

            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Output}");
            Assert.Equal(0L, await TablesInAsync(database));
            return (result, port);
        }
        finally
        {
            holder.Stop();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Joining creates the membership tables in the cluster's schema (and persistence its journal), so none means the node never got that far.</summary>
    private static async Task<long> TablesInAsync(ClusterDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = @schema", connection);
        count.Parameters.AddWithValue("schema", database.Schema);
        return (long)(await count.ExecuteScalarAsync() ?? 0L);
    }
}
