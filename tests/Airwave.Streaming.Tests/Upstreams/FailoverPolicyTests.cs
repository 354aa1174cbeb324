using Airwave.Streaming.Upstreams;
using Xunit;

namespace Airwave.Streaming.Tests.Upstreams;

public class FailoverPolicyTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    private static FailoverPolicy Policy(int count, int maxFailures = 3) =>
        new(count, maxFailures, TimeSpan.FromSeconds(10), new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0, new Random(1)));

    [Fact]
    public void Retries_the_same_upstream_with_growing_delays_then_moves_on_after_max_failures()
    {
        var policy = Policy(3);

        var first = policy.Failed(0, UpstreamFailureKind.Failed);
        var second = policy.Failed(Second, UpstreamFailureKind.Failed);
        var third = policy.Failed(2 * Second, UpstreamFailureKind.Failed);

        Assert.Equal(new FailoverDecision(0, false, TimeSpan.FromSeconds(1)), first);
        Assert.Equal(new FailoverDecision(0, false, TimeSpan.FromSeconds(2)), second);
        Assert.Equal(new FailoverDecision(1, true, TimeSpan.Zero), third);
    }

    [Theory]
    [InlineData(UpstreamFailureKind.NoData)]
    [InlineData(UpstreamFailureKind.NotMedia)]
    public void Silent_or_non_media_upstream_is_left_at_once(UpstreamFailureKind kind) =>
        Assert.Equal(new FailoverDecision(1, true, TimeSpan.Zero), Policy(2).Failed(0, kind));

    [Fact]
    public void An_outage_longer_than_the_no_data_timeout_moves_on_even_below_max_failures()
    {
        var policy = Policy(2, maxFailures: 10);
        policy.Failed(0, UpstreamFailureKind.Failed);

        Assert.True(policy.Failed(11 * Second, UpstreamFailureKind.Failed).Moved);
    }

    [Fact]
    public void Wraps_around_and_backs_off_once_every_upstream_failed()
    {
        var policy = Policy(2, maxFailures: 1);

        var toSecond = policy.Failed(0, UpstreamFailureKind.Failed);
        var backToFirst = policy.Failed(0, UpstreamFailureKind.Failed);

        Assert.Equal(1, toSecond.Index);
        Assert.Equal(TimeSpan.Zero, toSecond.Delay);
        Assert.Equal(0, backToFirst.Index);
        Assert.True(backToFirst.Delay > TimeSpan.Zero);
    }

    [Fact]
    public void Streaming_ends_the_outage_and_resets_the_count()
    {
        var policy = Policy(2);
        policy.Failed(0, UpstreamFailureKind.Failed);
        policy.Failed(0, UpstreamFailureKind.Failed);
        policy.Streaming();

        Assert.False(policy.Failed(100 * Second, UpstreamFailureKind.Failed).Moved);
        Assert.Equal(1, policy.ConsecutiveFailures);
    }

    [Fact]
    public void Failover_wants_fail_back_until_a_manual_choice_makes_the_new_upstream_preferred()
    {
        var policy = Policy(2);
        policy.Failed(0, UpstreamFailureKind.NoData);
        Assert.True(policy.WantsFailBack);

        policy.SwitchTo(1, sticky: true);

        Assert.False(policy.WantsFailBack);
        Assert.Equal(1, policy.Preferred);
        Assert.Equal(0, policy.NextIndex);
    }

    [Fact]
    public void A_single_upstream_is_retried_forever_with_capped_backoff()
    {
        var policy = Policy(1);
        FailoverDecision last = default;
        for (var i = 0; i < 20; i++)
        {
            last = policy.Failed(i * Second, UpstreamFailureKind.NotMedia);
        }

        Assert.Equal(new FailoverDecision(0, false, TimeSpan.FromSeconds(30)), last);
    }
}
