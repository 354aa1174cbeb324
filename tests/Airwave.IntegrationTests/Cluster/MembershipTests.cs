using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>Two real nodes share a cluster database: both Up, a frozen one unreachable and back, a downed one exits, a stopped one ends Removed.</summary>
public sealed class MembershipTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cluster_show_follows_members_through_a_freeze_a_down_and_a_graceful_leave()
    {
        await using var database = new ClusterDatabase();
        await using var a = await NodeProcess.StartAsync(new NodeOptions { Environment = database.NodeEnvironment() });
        await using var b = await NodeProcess.StartAsync(new NodeOptions { Environment = database.NodeEnvironment() });
        try
        {
            var addressOfB = (await b.GetAdminJsonAsync("api/cluster/members")).GetProperty("self").GetString()!;
            await UntilAsync(a, "both Up and reachable", members => members.Count(m => Is(m, "Up", reachable: true)) == 2);
            var shown = await CliAsync(a, "cluster", "show");
            Assert.Equal(2, shown.Split('\n').Count(line => line.Contains("| Up | Reachable |", StringComparison.Ordinal)));
            Assert.Contains("Count: 2 nodes", shown, StringComparison.Ordinal);

            await b.SignalAsync("STOP");
            await UntilAsync(a, "b unreachable", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: false)));
            Assert.Contains("Unreachable", await CliAsync(a, "cluster", "show"), StringComparison.Ordinal);
            await b.SignalAsync("CONT");
            await UntilAsync(a, "b reachable again", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: true)));

            await CliAsync(a, "cluster", "down", addressOfB);
            var downedExit = await b.WaitForExitAsync(Patience);
            Assert.True(downedExit is not null and not 0, $"the downed node should exit by itself with a failure code, got {downedExit?.ToString(CultureInfo.InvariantCulture) ?? "still running"}");

            await b.StartAsync();
            await UntilAsync(a, "b's new incarnation Up", members => members.Any(m => Address(m) == addressOfB && Is(m, "Up", reachable: true)));
            Assert.Equal(0, await b.StopAsync(Patience));
            await UntilAsync(a, "b Removed", members => members.Where(m => Address(m) == addressOfB).All(m => Is(m, "Removed", reachable: false)));
            Assert.Contains("Count: 1 nodes", await CliAsync(a, "cluster", "show"), StringComparison.Ordinal);
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

    private static async Task<string> CliAsync(NodeProcess node, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync(
            "dotnet", [RepoLayout.AirwaveDll, .. arguments, "--host", "127.0.0.1:" + node.AdminPort.ToString(CultureInfo.InvariantCulture), "--data-dir", node.DataDirectory], CliTimeout);
        Assert.True(result.ExitCode == 0, $"airwave {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        return result.Output;
    }
}
