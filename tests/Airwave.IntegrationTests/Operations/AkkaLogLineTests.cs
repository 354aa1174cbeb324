using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>What Akka.NET logs reads like the rest of the node's log: one line, the node's own prefix, the message alone.</summary>
public sealed class AkkaLogLineTests(ITestOutputHelper output) : NodePerTest(output)
{
    private protected override NodeOptions Options { get; } = new();

    [Fact]
    public async Task Coordinated_shutdown_is_logged_under_akkas_class_without_akkas_own_level_timestamp_and_thread()
    {
        Assert.Equal(0, await Node.StopAsync(TimeSpan.FromSeconds(45)));

        var line = Node.Log.Text.Split('\n').SingleOrDefault(l => l.Contains("CoordinatedShutdown invoked", StringComparison.Ordinal));
        Assert.NotNull(line);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} info: Akka\.", line);
        Assert.DoesNotContain("[INFO]", line, StringComparison.Ordinal);
        Assert.DoesNotContain("[Thread", line, StringComparison.Ordinal);
    }
}
