using System.Text.Json;
using Airwave.IntegrationTests.Harness;
using Airwave.IntegrationTests.Metrics;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>Thresholds from each level of the configuration, and the data directory's disk measured for real (any disk is more than 1 % used).</summary>
public sealed class ThresholdAlertTests(ITestOutputHelper output) : NodePerTest(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int receiverPort = FreePorts.Next();

    private protected override NodeOptions Options => new()
    {
        Config = $$"""
            airwave {
              node-name = threshold-node
              alerts {
                check-interval = 1s
                disk-percent = 1
                webhook-url = "http://127.0.0.1:{{receiverPort}}/hook"
              }
              channel-defaults.alerts.sourceless-after = 0s
              channels {
                loud.password = pw
                calm { password = pw, alerts.sourceless-after = off }
              }
            }
            """,
    };

    [Fact]
    public async Task A_full_disk_and_a_channel_threshold_fire_while_a_channel_switched_off_stays_quiet()
    {
        using var receiver = AlertReceiver.Start(receiverPort);

        var hooks = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Bodies("/hook")), h => h.Count >= 2, Patience, "the disk-full and sourceless alerts", () => Node.Log.Text);

        // Channels start one by one in the order of their names: every evaluation that saw /loud saw /calm too.
        var alerts = (await Node.GetAdminJsonAsync("api/alerts")).GetProperty("active").EnumerateArray().ToList();
        Assert.Equal(["disk-full/" + Node.DataDirectory, "sourceless/loud"], alerts.Select(Key).Order(StringComparer.Ordinal));
        Assert.Equal(alerts.Select(Key).Order(StringComparer.Ordinal), hooks.Select(Key).Order(StringComparer.Ordinal));
        var disk = Assert.Single(hooks, h => h.GetProperty("condition").GetString() == "disk-full");
        Assert.Equal(JsonValueKind.Null, disk.GetProperty("channel").ValueKind);
        Assert.Contains("% full (more than 1 %)", disk.GetProperty("message").GetString(), StringComparison.Ordinal);
        var metrics = await MetricsScrape.ListenerPortAsync(Node);
        Assert.Equal(1, metrics.Value("airwave_alerts_firing", ("condition", "disk-full")));
        Assert.Equal(1, metrics.Value("airwave_alerts_firing", ("condition", "sourceless")));
        Assert.Equal(0, metrics.Value("airwave_alerts_firing", ("condition", "relay-lag")));
    }

    private static string Key(JsonElement alert) => alert.GetProperty("condition").GetString() + "/" + alert.GetProperty("subject").GetString();
}
