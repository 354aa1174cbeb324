using Airwave.Streaming.Alerts;
using Xunit;

namespace Airwave.Streaming.Tests.Alerts;

public class FailoverWindowTests
{
    private static readonly DateTime T0 = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    private static DateTime At(int minutes) => T0.AddMinutes(minutes);

    [Fact]
    public void Counts_the_failovers_of_the_running_total_within_the_window()
    {
        var window = new FailoverWindow(TimeSpan.FromMinutes(10));

        Assert.Equal(1, window.Observe("news", 1, At(0)));
        Assert.Equal(3, window.Observe("news", 3, At(4)));
        Assert.Equal(2, window.Observe("news", 3, At(10)));
        Assert.Equal(0, window.Observe("news", 3, At(14)));
    }

    [Fact]
    public void A_total_below_the_last_one_is_an_actor_that_started_again_and_counts_from_zero()
    {
        var window = new FailoverWindow(TimeSpan.FromMinutes(10));
        window.Observe("news", 5, At(0));

        Assert.Equal(7, window.Observe("news", 2, At(1)));
    }

    [Fact]
    public void No_reading_only_lets_the_window_slide()
    {
        var window = new FailoverWindow(TimeSpan.FromMinutes(10));
        window.Observe("news", 2, At(0));

        Assert.Equal(2, window.Observe("news", null, At(5)));
        Assert.Equal(0, window.Observe("news", null, At(10)));
        Assert.Equal(1, window.Observe("news", 3, At(11)));
    }

    [Fact]
    public void A_channel_that_left_and_came_back_starts_from_nothing()
    {
        var window = new FailoverWindow(TimeSpan.FromMinutes(10));
        window.Observe("news", 4, At(0));
        window.KeepOnly(new HashSet<string>());

        Assert.Equal(1, window.Observe("news", 1, At(1)));
    }
}
