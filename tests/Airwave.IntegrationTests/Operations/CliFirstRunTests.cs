using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>What the CLI tells a newcomer: where it looked for a token it did not find, and who is in the cluster when tailing it.</summary>
public sealed class CliFirstRunTests(StandaloneNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<StandaloneNode>
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Cli_without_a_token_says_none_was_found_and_where_it_looked()
    {
        var elsewhere = Directory.CreateTempSubdirectory("airwave-cli-");
        try
        {
            var result = await ChildProcess.RunAsync("dotnet", [RepoLayout.AirwaveDll, "channels", "list", "--host", AdminHost], CliTimeout, elsewhere.FullName);

            Assert.Equal(4, result.ExitCode);
            Assert.Contains("no admin token found", result.Output, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(elsewhere.FullName, "data", "admin.token"), result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("refused", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Cluster_tail_on_a_standalone_node_prints_the_current_members_first()
    {
        await using var tail = ChildProcess.Start("dotnet", [RepoLayout.AirwaveDll, "cluster", "tail", "--host", AdminHost, "--data-dir", node.DataDirectory]);

        await Poll.UntilAsync(
            () => Task.FromResult(tail.Output.Text),
            text => text.Contains("Count: 1 nodes", StringComparison.Ordinal) || tail.HasExited,
            CliTimeout,
            "cluster tail to print the members");
        Assert.False(tail.HasExited, $"cluster tail exited: {tail.Output.Text}");
        Assert.Contains("| [master, slave] | up | |", tail.Output.Text, StringComparison.Ordinal);
    }

    private string AdminHost => "127.0.0.1:" + node.AdminPort.ToString(CultureInfo.InvariantCulture);
}
