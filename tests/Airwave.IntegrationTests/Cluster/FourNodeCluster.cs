using System.Globalization;
using System.Net;
using Airwave.IntegrationTests.Harness;
using Airwave.TestFixtures;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// Two master-only and two slave-only <c>airwave serve</c> processes on loopback sharing a PostgreSQL cluster database and
/// journal, with three channels: <c>looped</c> (a file loop), <c>pulled</c> (a paced MP3 upstream) and <c>pushed</c>
/// (waiting for an Icecast source). Leases last 3 s, so a killed owner is replaced within seconds.
/// </summary>
internal sealed class FourNodeCluster : IAsyncDisposable
{
    public const string SourcePassword = "hackme";
    public static readonly string[] Channels = ["looped", "pulled", "pushed"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<NodeProcess> nodes = [];
    private readonly HttpClient probe = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };

    private readonly IReadOnlyDictionary<string, string> extraEnvironment;

    private FourNodeCluster(ClusterDatabase database, LoopbackUpstream upstream, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        Database = database;
        Upstream = upstream;
        this.extraEnvironment = extraEnvironment;
    }

    public ClusterDatabase Database { get; }

    public LoopbackUpstream Upstream { get; }

    public List<NodeProcess> Masters { get; } = [];

    public List<NodeProcess> Slaves { get; } = [];

    /// <summary>Starts the four nodes; <paramref name="environment"/> adds <c>AIRWAVE__*</c> settings to every node.</summary>
    public static async Task<FourNodeCluster> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var upstream = LoopbackUpstream.Start();
        upstream.Map("/stream", LoopbackUpstream.Paced("audio/mpeg", File.ReadAllBytes(Fixtures.Mp3Stereo128), 16_000, "icy-br: 128"));
        var cluster = new FourNodeCluster(new ClusterDatabase(), upstream, environment ?? new Dictionary<string, string>());
        try
        {
            await cluster.StartMasterAsync();
            await cluster.StartMasterAsync();
            await cluster.WaitForEvenSplitAsync();
            cluster.Slaves.Add(await cluster.StartNodeAsync("slave"));
            cluster.Slaves.Add(await cluster.StartNodeAsync("slave"));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<NodeProcess> StartMasterAsync()
    {
        var master = await StartNodeAsync("master");
        Masters.Add(master);
        return master;
    }

    /// <summary>Waits until the masters split the channels' shards evenly, so no channel moves under a test that does not want it to.</summary>
    public Task WaitForEvenSplitAsync() => ShardSpread.WaitForBalanceAsync(Masters[0], Masters, Channels.Length, Patience, Logs);

    /// <summary>The master that serves <paramref name="channel"/> (answers its .m3u with 200 while every other master redirects to it).</summary>
    public async Task<NodeProcess> OwnerAsync(string channel)
    {
        var (owner, _) = await Poll.UntilAsync(
            async () =>
            {
                NodeProcess? found = null;
                var redirects = 0;
                foreach (var master in Masters.Where(m => m.IsRunning))
                {
                    using var response = await probe.GetAsync(master.Http("/" + channel + ".m3u"), HttpCompletionOption.ResponseHeadersRead);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        found = found is null ? master : null;
                    }
                    else if (response.StatusCode == HttpStatusCode.TemporaryRedirect)
                    {
                        redirects++;
                    }
                }

                return (found, redirects);
            },
            r => r.found is not null && r.redirects == Masters.Count(m => m.IsRunning) - 1,
            Patience,
            $"one master serving /{channel}",
            () => Logs());
        return owner!;
    }

    /// <summary>Everything every node printed, for failure messages.</summary>
    public string Logs() => string.Join("\n", nodes.Select((n, i) => $"--- node {i} ({n.HttpPort}):\n{n.Log.Since(0, 80)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        await Database.DisposeAsync();
        probe.Dispose();
    }

    private async Task<NodeProcess> StartNodeAsync(string role)
    {
        var environment = Database.ShardedNodeEnvironment();
        foreach (var (key, value) in extraEnvironment)
        {
            environment[key] = value;
        }

        var config = $$"""
            airwave {
              cluster.roles = [{{role}}]
              channel-defaults.hls.segment-duration = 2s
              channels {
                looped { loop-file = "assets/demo.mp3" }
                pulled { upstreams = [ { url = "{{Upstream.Url("/stream")}}", type = icecast } ] }
                pushed { password = "{{SourcePassword}}" }
              }
            }
            """;
        var node = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        nodes.Add(node);
        return node;
    }

    /// <summary>An Icecast source URL of <paramref name="channel"/> on <paramref name="node"/>.</summary>
    public static string SourceUrl(NodeProcess node, string channel) =>
        $"icecast://source:{SourcePassword}@127.0.0.1:{node.HttpPort.ToString(CultureInfo.InvariantCulture)}/{channel}";
}
