using Airwave.Streaming.Fanout;
using Xunit;

namespace Airwave.Streaming.Tests.Fanout;

public sealed class SendPacingTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void The_first_publish_passes_at_once()
    {
        var pacing = new SendPacing(TimeSpan.FromSeconds(1));

        Assert.True(pacing.Publish(5 * Second, out var armFor));
        Assert.Equal(TimeSpan.Zero, armFor);
    }

    [Fact]
    public void A_publish_inside_the_interval_arms_the_timer_for_the_rest_of_it_once()
    {
        var pacing = new SendPacing(TimeSpan.FromSeconds(1));
        pacing.Publish(0, out _);

        Assert.False(pacing.Publish(Second / 2, out var armFor));
        Assert.Equal(TimeSpan.FromMilliseconds(500), armFor);

        // Armed already: the timer's pass carries this chunk too.
        Assert.False(pacing.Publish(Second * 9 / 10, out var again));
        Assert.Equal(TimeSpan.Zero, again);
        Assert.False(pacing.Publish(2 * Second, out again));
        Assert.Equal(TimeSpan.Zero, again);
    }

    [Fact]
    public void The_interval_counts_from_the_timers_pass()
    {
        var pacing = new SendPacing(TimeSpan.FromSeconds(1));
        pacing.Publish(0, out _);
        pacing.Publish(Second / 2, out _);

        pacing.Fired(Second);

        Assert.False(pacing.Publish(Second * 3 / 2, out var armFor));
        Assert.Equal(TimeSpan.FromMilliseconds(500), armFor);
    }

    [Fact]
    public void A_publish_after_a_quiet_interval_passes_at_once()
    {
        var pacing = new SendPacing(TimeSpan.FromSeconds(1));
        pacing.Publish(0, out _);

        Assert.True(pacing.Publish(Second, out _));
        Assert.True(pacing.Publish(3 * Second, out _));
    }

    [Fact]
    public void A_zero_interval_passes_at_every_publish()
    {
        var pacing = new SendPacing(TimeSpan.Zero);

        Assert.True(pacing.Publish(0, out _));
        Assert.True(pacing.Publish(0, out _));
        Assert.True(pacing.Publish(1, out var armFor));
        Assert.Equal(TimeSpan.Zero, armFor);
    }
}
