using System.Text.Json;
using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>Two real nodes in a cluster on the test PostgreSQL: freezing one (SIGSTOP) makes the other fire member-unreachable, thawing it resolves it.</summary>
public sealed class MemberUnreachableAlertTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The resolver decides late, so that the freeze ends before it would down the frozen node.
    private const string LateResolver = "akka.cluster.split-brain-resolver.stable-after = 20s\n";

    [Fact]
    public async Task A_frozen_member_fires_member_unreachable_on_the_other_node_once_and_resolves_once_it_is_back()
    {
        await using var database = new ClusterDatabase();
        var receiverPort = FreePorts.Next();
        using var receiver = AlertReceiver.Start(receiverPort);
        await using var watcher = await NodeProcess.StartAsync(new NodeOptions
        {
            Environment = database.NodeEnvironment(),
            Config = LateResolver + $$"""
                airwave.alerts { check-interval = 1s, disk-percent = 100, webhook-url = "http://127.0.0.1:{{receiverPort}}/hook" }
                """,
        });
        await using var frozen = await NodeProcess.StartAsync(new NodeOptions { Environment = database.NodeEnvironment(), Config = LateResolver });
        try
        {
            var address = (await frozen.GetAdminJsonAsync("api/cluster/members")).GetProperty("self").GetString()!;
            await Poll.UntilAsync(
                () => watcher.GetAdminJsonAsync("api/cluster/members"),
                m => m.GetProperty("members").EnumerateArray().Count(x => x.GetProperty("reachable").GetBoolean()) == 2,
                Patience,
                "both members reachable",
                () => watcher.Log.Text);

            await frozen.SignalAsync("STOP");
            await Poll.UntilAsync(() => Task.FromResult(Unreachable(receiver)), h => h.Count >= 1, Patience, "member-unreachable to fire", () => watcher.Log.Text);
            await frozen.SignalAsync("CONT");
            var hooks = await Poll.UntilAsync(() => Task.FromResult(Unreachable(receiver)), h => h.Count >= 2, Patience, "member-unreachable to resolve", () => watcher.Log.Text);

            Assert.Equal(["firing", "resolved"], hooks.Select(h => h.GetProperty("state").GetString()));
            Assert.All(hooks, h =>
            {
                Assert.Equal(address, h.GetProperty("subject").GetString());
                Assert.Equal(JsonValueKind.Null, h.GetProperty("channel").ValueKind);
            });
        }
        finally
        {
            output.WriteLine(watcher.Log.Text);
        }
    }

    private static List<JsonElement> Unreachable(AlertReceiver receiver) =>
        [.. receiver.Bodies("/hook").Where(h => h.GetProperty("condition").GetString() == "member-unreachable")];
}
