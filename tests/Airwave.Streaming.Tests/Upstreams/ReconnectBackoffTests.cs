using Airwave.Streaming.Upstreams;
using Xunit;

namespace Airwave.Streaming.Tests.Upstreams;

public class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_from_min_to_max_and_jitter_only_adds()
    {
        var seed = Environment.TickCount;
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), 0.2, new Random(seed));
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            var plain = Math.Min(30_000, 500 * Math.Pow(2, Math.Min(attempt - 1, 30)));
            var delay = backoff.Delay(attempt).TotalMilliseconds;
            Assert.True(delay >= plain - 0.001 && delay <= Math.Min(30_000, plain * 1.2) + 0.001, $"seed {seed}, attempt {attempt}: {delay} ms");
        }

        Assert.Equal(TimeSpan.Zero, backoff.Delay(0));
    }
}
