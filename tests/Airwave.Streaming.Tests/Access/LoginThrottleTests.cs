using System.Net;
using Airwave.Streaming.Access;
using Airwave.Streaming.Fixtures;
using Xunit;

namespace Airwave.Streaming.Tests.Access;

public sealed class LoginThrottleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("198.51.100.9");
    private static readonly LoginThrottleSettings Settings = new(3, 6, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), [IPNetwork.Parse("10.0.0.0/8")]);
    private readonly ManualTimeProvider clock = new(new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Failures_past_slow_after_wait_twice_as_long_each_up_to_the_cap_and_lock_after_locks_the_client_out()
    {
        var throttle = new LoginThrottle(Settings, clock);
        var key = LoginThrottle.KeyOf("source /live", Guesser);

        var delays = Enumerable.Range(0, 5).Select(_ => throttle.Failed(key, Guesser).Delay.TotalMilliseconds).ToList();
        var sixth = throttle.Failed(key, Guesser);

        Assert.Equal([0, 0, 0, 250, 500], delays);
        Assert.Equal((1000d, true, 6), (sixth.Delay.TotalMilliseconds, sixth.Locked, sixth.Failures));
        Assert.Equal(TimeSpan.FromMinutes(5), throttle.Check(key, Guesser).LockedFor);
        Assert.Equal("source /live from 198.51.100.9", key);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(throttle.Check(key, Guesser).Locked);
    }

    [Fact]
    public void A_success_forgives_and_a_new_window_starts_counting_again()
    {
        var throttle = new LoginThrottle(Settings, clock);
        var key = LoginThrottle.KeyOf("admin API", Guesser);
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed(key, Guesser);
        }

        throttle.Succeeded(key);
        Assert.True(throttle.Failed(key, Guesser).First);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal((1, TimeSpan.Zero), (throttle.Failed(key, Guesser) is var fresh ? fresh.Failures : 0, fresh.Delay));
    }

    [Fact]
    public void An_exempt_network_is_slowed_down_but_never_locked_out()
    {
        var balancer = IPAddress.Parse("::ffff:10.0.0.5");
        var throttle = new LoginThrottle(Settings, clock);
        var key = LoginThrottle.KeyOf("source /live", balancer);

        var last = Enumerable.Range(0, 10).Select(_ => throttle.Failed(key, balancer)).ToList()[^1];

        Assert.False(last.Locked);
        Assert.Equal(TimeSpan.FromSeconds(2), last.Delay);
        Assert.False(throttle.Check(key, balancer).Locked);
        Assert.Equal("source /live from 10.0.0.5", key);
    }

    [Fact]
    public void Sweep_reports_each_clients_failures_once_and_forgets_ended_windows()
    {
        var throttle = new LoginThrottle(Settings, clock);
        var key = LoginThrottle.KeyOf("source /live", Guesser);
        for (var i = 0; i < 7; i++)
        {
            throttle.Failed(key, Guesser);
        }

        Assert.Equal([new LoginFailureSummary(key, 7, Locked: true)], throttle.Sweep());
        Assert.Empty(throttle.Sweep());
        clock.Advance(TimeSpan.FromMinutes(6));
        throttle.Sweep();
        Assert.True(throttle.Failed(key, Guesser).First);
    }
}
