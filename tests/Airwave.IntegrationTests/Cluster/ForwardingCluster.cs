using System.Diagnostics.CodeAnalysis;
using System.Net;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>Two masters on one PostgreSQL cluster with pushed channels, started once per test class; tests run while the channels' shards are spread evenly, so no channel moves under them.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit 2 disposes class fixtures through IAsyncLifetime.DisposeAsync, which disposes them")]
public sealed class ForwardingCluster : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly HttpClient probe = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private ClusterDatabase? database;
    private NodeProcess? a;
    private NodeProcess? b;

    internal NodeProcess A => a ?? throw new InvalidOperationException("the cluster has not started");

    internal NodeProcess B => b ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        database = new ClusterDatabase();
        var environment = database.ShardedNodeEnvironment();
        const string config = """
            airwave {
              cluster.roles = [master]
              channels {
                fwd { password = "pw-fwd" }
                guarded { password = "pw-guarded" }
                busy { password = "pw-busy" }
                leaving { password = "pw-leaving" }
                studio { password = "pw-studio", allow = ["127.0.0.2"] }
              }
            }
            """;
        a = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        b = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        await WaitForEvenSplitAsync();
    }

    /// <summary>Waits until the two nodes share the channels evenly, as both see it: after a start, or a restart of one of them.</summary>
    internal async Task WaitForEvenSplitAsync()
    {
        foreach (var node in new[] { A, B })
        {
            await ShardSpread.WaitForBalanceAsync(node, [A, B], channels: 5, Patience, () => node.Log.Since(0, 40));
        }
    }

    /// <summary>The node's advertise address (its HTTP port's), where the others forward sources to.</summary>
    internal static string AddressOf(NodeProcess node) => "127.0.0.1:" + node.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The node that owns <paramref name="channel"/> and the other one, which redirects listeners to it.</summary>
    internal async Task<(NodeProcess Owner, NodeProcess Other)> OwnerOfAsync(string channel)
    {
        var owner = await Poll.UntilAsync(() => OwnerAsync(channel), owner => owner is not null, Patience, $"one node redirecting /{channel} to the other");
        return owner == A ? (A, B) : (B, A);
    }

    public async Task DisposeAsync()
    {
        probe.Dispose();
        foreach (var node in new[] { a, b })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    private async Task<NodeProcess?> OwnerAsync(string channel) =>
        await RedirectsToAsync(A, B, channel) ? A : await RedirectsToAsync(B, A, channel) ? B : null;

    /// <summary>True when <paramref name="other"/> answers a listener of <paramref name="channel"/> with 307 to <paramref name="owner"/>, and the owner does not.</summary>
    private async Task<bool> RedirectsToAsync(NodeProcess owner, NodeProcess other, string channel)
    {
        using var ofOther = await probe.GetAsync(other.Http("/" + channel), HttpCompletionOption.ResponseHeadersRead);
        if (ofOther.StatusCode != HttpStatusCode.TemporaryRedirect || ofOther.Headers.Location?.Port != owner.HttpPort)
        {
            return false;
        }

        using var ofOwner = await probe.GetAsync(owner.Http("/" + channel), HttpCompletionOption.ResponseHeadersRead);
        return ofOwner.StatusCode != HttpStatusCode.TemporaryRedirect;
    }

}
