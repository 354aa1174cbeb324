using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>Two real nodes form an Akka cluster through the database, driven by every cluster palette command: show, a freeze seen and healed, down, tail, leave, down-unreachable and log peek.</summary>
public sealed class MembershipTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_cluster_palette_follows_and_changes_real_membership()
    {
        await using var database = new ClusterDatabase();
        // The resolver decides late here, so that the freeze below ends before it would down the frozen node.
        var options = new NodeOptions { Environment = database.NodeEnvironment(), Config = "akka.cluster.split-brain-resolver.stable-after = 20s\n" };
        await using var a = await NodeProcess.StartAsync(options);
        await using var b = await NodeProcess.StartAsync(options);
        try
        {
            var addressOfB = (await b.GetAdminJsonAsync("api/cluster/members")).GetProperty("self").GetString()!;
            await UntilAsync(a, "both Up and reachable", members => members.Count(m => Is(m, "Up", reachable: true)) == 2);
            var shown = await CliAsync(a, "cluster", "show");
            Assert.Equal(2, shown.Split('\n').Count(line => line.StartsWith("akka.tcp://airwave@127.0.0.1:", StringComparison.Ordinal) && line.Contains("| up | |", StringComparison.Ordinal)));
            Assert.Contains("Count: 2 nodes", shown, StringComparison.Ordinal);

            // A pause shorter than the split-brain resolver's decision: unreachable, then back.
            await b.SignalAsync("STOP");
            await UntilAsync(a, "b unreachable", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: false)));
            Assert.Contains("| unreachable |", await CliAsync(a, "cluster", "show"), StringComparison.Ordinal);
            await b.SignalAsync("CONT");
            await UntilAsync(a, "b reachable again", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: true)));

            Assert.Contains("down requested for " + addressOfB, await CliAsync(a, "cluster", "down", addressOfB), StringComparison.Ordinal);
            // 1, as documented: Akka.Hosting's own termination hook would make it 255 if it wrote the exit code last.
            Assert.Equal(1, await b.WaitForExitAsync(Patience));

            await UntilAsync(a, "the downed b removed", members => members.All(m => Address(m) != addressOfB));

            // cluster tail follows the next changes as they happen: b's new incarnation joining, then leaving.
            await using var tail = ChildProcess.Start("dotnet", [RepoLayout.AirwaveDll, "cluster", "tail", "--count", "3", .. HostOf(a)]);
            await Poll.UntilAsync(() => Task.FromResult(tail.Output.Text), text => text.Contains("Count: 1 nodes", StringComparison.Ordinal), Patience, "tail's member list");
            await b.StartAsync();
            await UntilAsync(a, "b's new incarnation Up", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: true)));

            Assert.Contains("leave requested for " + addressOfB, await CliAsync(a, "cluster", "leave", addressOfB), StringComparison.Ordinal);
            Assert.Equal(0, await b.WaitForExitAsync(Patience));
            await UntilAsync(a, "b gone", members => members.All(m => Address(m) != addressOfB));
            Assert.Contains("Count: 1 nodes", await CliAsync(a, "cluster", "show"), StringComparison.Ordinal);
            Assert.Equal(0, await tail.WaitForExitAsync(Patience));
            Assert.Contains(addressOfB + " joined", tail.Output.Text, StringComparison.Ordinal);
            Assert.Contains(addressOfB + " up", tail.Output.Text, StringComparison.Ordinal);
            Assert.Contains(addressOfB + " leaving", tail.Output.Text, StringComparison.Ordinal);

            // down-unreachable downs a frozen member; it exits with a failure code once it runs again.
            await b.StartAsync();
            await UntilAsync(a, "b Up again", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: true)));
            await b.SignalAsync("STOP");
            await UntilAsync(a, "b unreachable again", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: false)));
            Assert.Contains("down requested for " + addressOfB, await CliAsync(a, "cluster", "down-unreachable"), StringComparison.Ordinal);
            await b.SignalAsync("CONT");
            Assert.Equal(1, await b.WaitForExitAsync(Patience));
            Assert.Contains("Leader is removing", await CliAsync(a, "log", "peek", "-n", "200"), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine("node a:\n" + a.Log.Since(0) + "\nnode b:\n" + b.Log.Since(0));
        }
    }

    private static string Address(JsonElement member) => member.GetProperty("address").GetString()!;

    private static bool Is(JsonElement member, string status, bool reachable) =>
        member.GetProperty("status").GetString() == status && member.GetProperty("reachable").GetBoolean() == reachable;

    private static Task<List<JsonElement>> UntilAsync(NodeProcess node, string what, Func<List<JsonElement>, bool> done) =>
        Poll.UntilAsync(
            async () => (await node.GetAdminJsonAsync("api/cluster/members")).GetProperty("members").EnumerateArray().ToList(),
            done,
            Patience,
            what,
            () => node.Log.Since(0, 40));

    private static string[] HostOf(NodeProcess node) => ["--host", "127.0.0.1:" + node.AdminPort.ToString(CultureInfo.InvariantCulture), "--data-dir", node.DataDirectory];

    private static async Task<string> CliAsync(NodeProcess node, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, .. arguments, .. HostOf(node)], CliTimeout);
        Assert.True(result.ExitCode == 0, $"airwave {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        return result.Output;
    }
}
