using System.Globalization;
using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Deployment;

/// <summary>
/// docker-compose.yml's topology as plain processes on loopback: masters from hocon/master.conf and slaves from
/// hocon/slave.conf on a test PostgreSQL schema (formed through the database, as compose does), and Debian's HAProxy
/// running deploy/haproxy.cfg — the compose file's balancer config — with loopback addresses in its variables.
/// </summary>
internal sealed class LoopbackCompose : IAsyncDisposable
{
    public const string SourcePassword = "hackme";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<NodeProcess> nodes = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ChildProcess? haproxy;

    private LoopbackCompose(string channels) => Channels = channels;

    public ClusterDatabase Database { get; } = new();

    /// <summary>HOCON appended to both node files: the test's own channels beside the files' <c>live</c>.</summary>
    public string Channels { get; }

    public List<NodeProcess> Masters { get; } = [];

    public List<NodeProcess> Slaves { get; } = [];

    public int ListenersPort { get; } = FreePorts.Next();

    public int SourcesPort { get; } = FreePorts.Next();

    public int StatsPort { get; } = FreePorts.Next();

    public OutputLog BalancerLog { get; } = new();

    public static async Task<LoopbackCompose> StartAsync(int masters, int slaves, string channels)
    {
        var compose = new LoopbackCompose(channels);
        try
        {
            for (var i = 0; i < masters; i++)
            {
                compose.Masters.Add(await compose.StartNodeAsync("master.conf"));
            }

            for (var i = 0; i < slaves; i++)
            {
                compose.Slaves.Add(await compose.StartNodeAsync("slave.conf"));
            }

            compose.StartBalancer();
            await compose.WaitUntilBalancerSeesAllUpAsync();
            return compose;
        }
        catch
        {
            await compose.DisposeAsync();
            throw;
        }
    }

    /// <summary>HAProxy's view of its servers: "backend/server" → status (UP, DOWN, MAINT...).</summary>
    public async Task<Dictionary<string, string>> BalancerStatusAsync()
    {
        var csv = await http.GetStringAsync(new Uri($"http://127.0.0.1:{StatsPort}/stats;csv"));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var status = Array.IndexOf(header, "status");
        return lines.Skip(1).Select(l => l.Split(','))
            .Where(f => f[1] is not ("FRONTEND" or "BACKEND"))
            .ToDictionary(f => f[0] + "/" + f[1], f => f[status], StringComparer.Ordinal);
    }

    /// <summary>The node whose <c>/api/sessions</c> lists the session <paramref name="id"/> as connected.</summary>
    public async Task<NodeProcess> ServingAsync(string id)
    {
        var (serving, _) = await Poll.UntilAsync(
            async () =>
            {
                foreach (var node in nodes.Where(n => n.IsRunning))
                {
                    var sessions = await node.GetAdminJsonAsync("api/sessions");
                    if (sessions.EnumerateArray().Any(s => s.GetProperty("id").GetString() == id))
                    {
                        return (node, true);
                    }
                }

                return ((NodeProcess?)null, false);
            },
            r => r.Item2,
            Patience,
            $"a node serving session {id}",
            Logs);
        return serving!;
    }

    /// <summary>Everything every node and HAProxy printed, for failure messages.</summary>
    public string Logs() =>
        string.Join("\n", nodes.Select((n, i) => $"--- node {i} (http {n.HttpPort}):\n{n.Log.Since(0, 60)}")) + "\n--- haproxy:\n" + BalancerLog.Since(0, 40);

    public async ValueTask DisposeAsync()
    {
        if (haproxy is not null)
        {
            await haproxy.DisposeAsync();
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        await Database.DisposeAsync();
        http.Dispose();
    }

    private async Task<NodeProcess> StartNodeAsync(string file)
    {
        // The shipped file as it is, then the test's channels; ports and the data directory come from the environment,
        // as every deployment's differ. The runtime is set up as in the image.
        var config = await File.ReadAllTextAsync(Path.Combine(DeploymentFiles.Hocon, file)) + "\n" + Channels + "\n";
        var environment = Database.ShardedNodeEnvironment();
        foreach (var (name, value) in DeploymentFiles.ImageRuntimeEnvironment())
        {
            environment[name] = value;
        }

        environment["AIRWAVE__CHANNELS__LIVE__PASSWORD"] = SourcePassword;
        // The files bind the admin port on every interface for probes from other hosts; loopback is enough here.
        environment["AIRWAVE__ADMIN__BIND"] = "127.0.0.1";
        var node = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        nodes.Add(node);
        return node;
    }

    private void StartBalancer()
    {
        static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>
        {
            ["LISTENERS_BIND"] = "127.0.0.1:" + Port(ListenersPort),
            ["SOURCES_BIND"] = "127.0.0.1:" + Port(SourcesPort),
            ["STATS_BIND"] = "127.0.0.1:" + Port(StatsPort),
        };
        foreach (var (role, pool) in new[] { ("SLAVE", Slaves), ("MASTER", Masters) })
        {
            // The config names two servers per pool; with one node, both entries point at it.
            for (var i = 0; i < 2; i++)
            {
                var node = pool[i % pool.Count];
                environment[$"{role}_{i + 1}"] = "127.0.0.1:" + Port(node.HttpPort);
                environment[$"{role}_{i + 1}_ADMIN_PORT"] = Port(node.AdminPort);
            }
        }

        haproxy = ChildProcess.Start(DeploymentFiles.Haproxy, ["-db", "-f", DeploymentFiles.HaproxyConfig], RepoLayout.Root, environment, BalancerLog);
    }

    private Task<Dictionary<string, string>> WaitUntilBalancerSeesAllUpAsync() =>
        Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return await BalancerStatusAsync();
                }
                catch (HttpRequestException)
                {
                    return [];
                }
            },
            s => s.Count == 4 && s.Values.All(v => v == "UP"),
            Patience,
            "HAProxy to see every node up",
            Logs);
}
