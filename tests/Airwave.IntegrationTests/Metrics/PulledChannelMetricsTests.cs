using System.Net;
using System.Net.Http.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Metrics;

/// <summary>The upstream series of a pulled channel follow a real failover, and a node can keep /metrics off its listener port.</summary>
public sealed class PulledChannelMetricsTests(ITestOutputHelper output) : UpstreamNodePerTest(output)
{
    private protected override NodeOptions Options { get; } = new()
    {
        Config = """
            airwave {
              metrics { listener-port = off }
              channel-defaults { backoff-min = 100ms, backoff-max = 200ms }
            }
            """,
    };

    [Fact]
    public async Task A_failover_from_a_dead_upstream_shows_in_the_upstream_series_and_the_listener_port_does_not_serve_metrics()
    {
        // Port 9 (discard) refuses connections on loopback: the first upstream fails at once and the channel moves on.
        using (var added = await Node.Admin.PostAsJsonAsync(
            new Uri("api/channels", UriKind.Relative),
            new { name = "pulled", upstreams = new[] { new { url = "http://127.0.0.1:9/dead" }, new { url = Upstream.Url("/stream") } } }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var scraped = await Poll.UntilAsync(
            () => MetricsScrape.AdminPortAsync(Node, AdminToken()),
            m => m.Value("airwave_upstream_state", ("channel", "pulled"), ("upstream", "1"), ("state", "streaming")) == 1,
            ChannelWaits.Generous,
            "the second upstream of /pulled to stream",
            () => Node.Log.Since(0, 60));

        Assert.True(scraped.Value("airwave_upstream_failovers_total", ("channel", "pulled")) >= 1, "the failure of upstream 0 was counted as a failover");
        Assert.Equal(1, scraped.Value("airwave_upstream_active", ("channel", "pulled")));
        Assert.True(scraped.Value("airwave_upstream_failures_total", ("channel", "pulled"), ("upstream", "0")) >= 1);
        Assert.Equal(0, scraped.Value("airwave_upstream_state", ("channel", "pulled"), ("upstream", "1"), ("state", "failed")));
        Assert.Equal(1, scraped.Value("airwave_source_connected", ("channel", "pulled")));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var listenerPort = await http.GetAsync(Node.Http("/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, listenerPort.StatusCode);
    }

    private string AdminToken() => File.ReadAllText(Path.Combine(Node.DataDirectory, "admin.token")).Trim();
}
