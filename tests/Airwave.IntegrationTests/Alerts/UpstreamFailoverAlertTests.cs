using System.Net;
using System.Net.Http.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>A pulled channel whose first upstream is dead fails over to a live one: the failover fires, and resolves once the window holds no more.</summary>
public sealed class UpstreamFailoverAlertTests(ITestOutputHelper output) : UpstreamNodePerTest(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int receiverPort = FreePorts.Next();

    private protected override NodeOptions Options => new()
    {
        Config = $$"""
            airwave {
              alerts {
                check-interval = 1s
                upstream-failovers = 1
                upstream-failover-window = 3s
                disk-percent = 100
                webhook-url = "http://127.0.0.1:{{receiverPort}}/hook"
              }
              channel-defaults { backoff-min = 100ms, backoff-max = 200ms, alerts.sourceless-after = off }
            }
            """,
    };

    [Fact]
    public async Task A_failover_fires_upstream_failover_once_and_it_resolves_once_the_window_has_passed_without_another()
    {
        using var receiver = AlertReceiver.Start(receiverPort);

        // Port 9 (discard) refuses connections on loopback: the first upstream fails at once and the channel moves on.
        using (var added = await Node.Admin.PostAsJsonAsync(
            new Uri("api/channels", UriKind.Relative),
            new { name = "pulled", upstreams = new[] { new { url = "http://127.0.0.1:9/dead" }, new { url = Upstream.Url("/stream") } } }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var hooks = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Bodies("/hook")), h => h.Count >= 2, Patience, "the failover alert to fire and resolve", () => Node.Log.Text);

        Assert.Equal(["firing", "resolved"], hooks.Select(h => h.GetProperty("state").GetString()));
        Assert.All(hooks, h =>
        {
            Assert.Equal("upstream-failover", h.GetProperty("condition").GetString());
            Assert.Equal("pulled", h.GetProperty("channel").GetString());
        });
        Assert.Equal("connected", (await Node.ChannelAsync("pulled")).Source());
    }
}
