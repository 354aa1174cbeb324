using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// Two real nodes in a cluster on the test PostgreSQL: a member frozen for 5 s (SIGSTOP) and thawed does not report the
/// member it could not hear while frozen. Had it reported it, the split-brain resolver could down that healthy member
/// with it as "indirectly connected" (seen once in <see cref="RelayClusterTests"/>: a slave and its listeners).
/// </summary>
public sealed class FrozenMemberTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The resolver decides late, so that no freeze ends with the frozen node downed.
    private const string LateResolver = "akka.cluster.split-brain-resolver.stable-after = 60s\n";

    /// <summary>What Akka's cluster daemon logs when this node's failure detector gives up on a member.</summary>
    private const string ReportsUnreachable = "Marking node(s) as UNREACHABLE";

    [Fact]
    public async Task A_member_thawed_after_5_seconds_frozen_does_not_report_the_member_it_could_not_hear_meanwhile()
    {
        await using var database = new ClusterDatabase();
        await using var watcher = await NodeProcess.StartAsync(new NodeOptions { Environment = database.NodeEnvironment(), Config = LateResolver });
        await using var frozen = await NodeProcess.StartAsync(new NodeOptions { Environment = database.NodeEnvironment(), Config = LateResolver });
        try
        {
            await BothReachableFromAsync(watcher);
            await BothReachableFromAsync(frozen);
            // Three times: with Akka's own detector the thawed node reported the watcher in one freeze of two here (it did
            // whenever its reaper ran before the watcher's first answer).
            for (var freeze = 1; freeze <= 3; freeze++)
            {
                var mark = frozen.Log.Mark;
                var watcherMark = watcher.Log.Mark;

                await frozen.SignalAsync("STOP");
                await Poll.UntilAsync(
                    () => Task.FromResult(watcher.Log.Since(watcherMark).Contains(ReportsUnreachable, StringComparison.Ordinal)),
                    seen => seen,
                    Patience,
                    "the watcher to report the frozen member",
                    () => watcher.Log.Text);
                await Task.Delay(TimeSpan.FromSeconds(2)); // frozen about 5 s in all: the watcher reports it after about 3
                await frozen.SignalAsync("CONT");
                await BothReachableFromAsync(watcher);
                // The thawed node's reaper runs its backlog at once and then every second; give it three.
                await Task.Delay(TimeSpan.FromSeconds(3));

                Assert.False(
                    frozen.Log.Since(mark).Contains(ReportsUnreachable, StringComparison.Ordinal),
                    $"after freeze {freeze} the thawed member reported the watcher unreachable");
                await BothReachableFromAsync(frozen);
            }
        }
        finally
        {
            output.WriteLine("watcher:\n" + watcher.Log.Text + "\nfrozen:\n" + frozen.Log.Text);
        }
    }

    private static async Task BothReachableFromAsync(NodeProcess node) => await Poll.UntilAsync(
        () => node.GetAdminJsonAsync("api/cluster/members"),
        m => m.GetProperty("members").EnumerateArray().Count(x => x.GetProperty("reachable").GetBoolean()) == 2,
        Patience,
        "both members reachable from " + node.HttpPort,
        () => node.Log.Text);
}
