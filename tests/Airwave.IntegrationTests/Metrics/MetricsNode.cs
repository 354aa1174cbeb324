using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Metrics;

/// <summary>A node with two pushed mounts cut into 2-second HLS segments and a read-only token for a scraper.</summary>
public sealed class MetricsNode() : NodeFixture(new NodeOptions
{
    Config = $$"""
        airwave {
          admin { read-only-tokens = ["{{ScraperToken}}"] }
          channel-defaults { hls { segment-duration = 2s } }
          channels {
            counted { password = "pw", metadata-interval = 4000 }
            quiet { password = "pw" }   # never gets a source
          }
        }
        """,
})
{
    /// <summary>The read-only admin token Prometheus would be given.</summary>
    public const string ScraperToken = "prometheus-0123456789abcdef";
}
