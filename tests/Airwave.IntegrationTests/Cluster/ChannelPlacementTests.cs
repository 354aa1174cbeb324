using System.Net;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>Two masters split six looping channels: each runs on its entity's master only, the other redirects to it, and a frozen owner's channel moves while the frozen node, resumed, never serves it again.</summary>
public sealed class ChannelPlacementTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly string[] Channels = ["c1", "c2", "c3", "c4", "c5", "c6"];

    [Fact]
    public async Task Each_channel_runs_on_one_master_and_moves_when_its_owner_freezes()
    {
        await using var database = new ClusterDatabase();
        var environment = database.ShardedNodeEnvironment();
        // Master-only nodes: a node with the slave role would relay the channels it does not own instead of redirecting.
        var config = "airwave.cluster.roles = [master]\nairwave.channels {\n" + string.Concat(Channels.Select(c => $"  {c} {{ loop-file = \"assets/demo.mp3\" }}\n")) + "}\n";
        await using var a = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        await using var b = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        // Without cookies: every probe would otherwise present the session id the first stream set, on both nodes (cookies
        // ignore ports), and wait for that session to be read from the shared journal while the shards move; the probe
        // asks where a channel is served, it is not a listener resuming.
        using var probe = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };
        using var follower = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var owners = await SettledOwnersAsync(probe, a, b);

            var moved = Channels[0];
            var owner = owners[moved];
            var other = owner == a ? b : a;
            // A player reconnects when a stream it follows ends; a late rebalance may still move the channel once.
            await Poll.UntilAsync(() => HasAudioAsync(follower, other.Http("/" + moved)), audio => audio, TimeSpan.FromSeconds(15), "a listener following the redirect to get audio");

            await owner.SignalAsync("STOP");
            await Poll.UntilAsync(() => StatusAsync(probe, other, moved), s => s.Status == HttpStatusCode.OK, Patience, $"{moved} served by the other node", () => other.Log.Since(0, 40));
            await Poll.UntilAsync(() => HasAudioAsync(follower, other.Http("/" + moved)), audio => audio, TimeSpan.FromSeconds(15), "the new owner to serve audio");
            await owner.SignalAsync("CONT");
            // Resumed, the frozen node finds its shard leases taken and never appends again; Akka's split-brain resolver has
            // downed it meanwhile, so it shuts down and exits with 1 (a supervisor starts a fresh one). Until it is gone it
            // never serves the channel beside its new owner.
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < until && owner.IsRunning)
            {
                var ofResumed = (await StatusOrGoneAsync(probe, owner, moved))?.Status;
                Assert.True(ofResumed is null or HttpStatusCode.TemporaryRedirect or HttpStatusCode.ServiceUnavailable, $"the resumed node answered {ofResumed}");
            }

            Assert.Equal(1, await owner.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(HttpStatusCode.OK, (await StatusAsync(probe, other, moved)).Status);
        }
        finally
        {
            output.WriteLine("node a:\n" + a.Log.Since(0) + "\nnode b:\n" + b.Log.Since(0));
        }
    }

    /// <summary>
    /// Every channel's owner, once the same owners have held for <see cref="Settle"/>: the second node's arrival moves half
    /// the shards a rebalance interval (1 s here) after the first node took them all, so a first complete answer may be about to change.
    /// </summary>
    private static async Task<Dictionary<string, NodeProcess>> SettledOwnersAsync(HttpClient probe, NodeProcess a, NodeProcess b)
    {
        var deadline = DateTime.UtcNow + Patience;
        Dictionary<string, NodeProcess> previous = [];
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var owners = await OwnersAsync(probe, a, b);
            var same = owners.Count == Channels.Length && owners.Count == previous.Count && owners.All(o => previous.GetValueOrDefault(o.Key) == o.Value);
            if (!same)
            {
                previous = owners;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since >= Settle)
            {
                return owners;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"every channel on exactly one node, unchanged for {Settle.TotalSeconds} s, within {Patience.TotalSeconds} s; last: {string.Join(", ", previous.Select(o => $"{o.Key} on {o.Value.HttpPort}"))}\n{a.Log.Since(0, 40)}");
    }

    /// <summary>The node serving each channel, for the channels one node serves and the other redirects to it.</summary>
    private static async Task<Dictionary<string, NodeProcess>> OwnersAsync(HttpClient probe, NodeProcess a, NodeProcess b)
    {
        var owners = new Dictionary<string, NodeProcess>();
        foreach (var channel in Channels)
        {
            // A connection reset while the second node's arrival moves shards (seen once in CI, under load) means the
            // owners are not settled yet; the moments after it are probed again.
            if (await StatusOrGoneAsync(probe, a, channel) is not { } ofA || await StatusOrGoneAsync(probe, b, channel) is not { } ofB)
            {
                continue;
            }

            if (ofA.Status == HttpStatusCode.OK && ofB.Status == HttpStatusCode.TemporaryRedirect && ofB.Location?.Port == a.HttpPort)
            {
                owners[channel] = a;
            }
            else if (ofB.Status == HttpStatusCode.OK && ofA.Status == HttpStatusCode.TemporaryRedirect && ofA.Location?.Port == b.HttpPort)
            {
                owners[channel] = b;
            }
        }

        return owners;
    }

    private static async Task<(HttpStatusCode Status, Uri? Location)> StatusAsync(HttpClient probe, NodeProcess node, string channel)
    {
        using var response = await probe.GetAsync(node.Http("/" + channel), HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, response.Headers.Location);
    }

    /// <summary>The answer, or null when the node did not answer (it is shutting down, or reset the connection).</summary>
    private static async Task<(HttpStatusCode Status, Uri? Location)?> StatusOrGoneAsync(HttpClient probe, NodeProcess node, string channel)
    {
        try
        {
            return await StatusAsync(probe, node, channel);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<bool> HasAudioAsync(HttpClient client, Uri url)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        var total = 0;
        while (total < buffer.Length && await body.ReadAsync(buffer.AsMemory(total)) is > 0 and var read)
        {
            total += read;
        }

        return total == buffer.Length && buffer.AsSpan(0, total).IndexOf((byte)0xFF) >= 0;
    }
}
