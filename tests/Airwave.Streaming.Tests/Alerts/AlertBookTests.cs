using Airwave.Streaming.Alerts;
using Xunit;

namespace Airwave.Streaming.Tests.Alerts;

public class AlertBookTests
{
    private static readonly DateTime T0 = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly AlertKey Live = new("sourceless", "live");

    private static AlertObservation Sourceless(DateTime? since = null, TimeSpan? after = null) =>
        new(Live, "live", since, after ?? TimeSpan.FromSeconds(30), "/live has had no source");

    private static DateTime At(int seconds) => T0.AddSeconds(seconds);

    [Fact]
    public void A_condition_fires_once_when_it_has_held_long_enough_and_never_again_while_it_holds()
    {
        var book = new AlertBook(10);

        Assert.Empty(book.Observe([Sourceless()], At(0)));
        Assert.Empty(book.Observe([Sourceless()], At(29)));
        var fired = Assert.Single(book.Observe([Sourceless()], At(30)));
        Assert.Empty(book.Observe([Sourceless()], At(35)));
        Assert.Empty(book.Observe([Sourceless()], At(3600)));

        Assert.True(fired.IsFiring);
        Assert.Equal(At(0), fired.StartedUtc);
        Assert.Equal(At(30), fired.FiredUtc);
        Assert.Equal("live", fired.Channel);
        Assert.Equal(fired, Assert.Single(book.Active));
    }

    [Fact]
    public void A_firing_alert_resolves_once_when_its_condition_is_no_longer_observed()
    {
        var book = new AlertBook(10);
        book.Observe([Sourceless(after: TimeSpan.Zero)], At(0));

        var resolved = Assert.Single(book.Observe([], At(12)));
        Assert.Empty(book.Observe([], At(20)));

        Assert.False(resolved.IsFiring);
        Assert.Equal(At(0), resolved.StartedUtc);
        Assert.Equal(At(12), resolved.EndedUtc);
        Assert.Empty(book.Active);
        Assert.Equal(resolved, Assert.Single(book.Recent));
    }

    [Fact]
    public void The_start_the_observer_knows_counts_instead_of_the_first_sighting()
    {
        var book = new AlertBook(10);

        var fired = Assert.Single(book.Observe([Sourceless(since: At(-40))], At(0)));

        Assert.Equal(At(-40), fired.StartedUtc);
    }

    [Fact]
    public void A_condition_that_ends_before_it_fires_starts_from_nothing_when_it_returns()
    {
        var book = new AlertBook(10);
        book.Observe([Sourceless()], At(0));
        Assert.Empty(book.Observe([], At(20)));

        Assert.Empty(book.Observe([Sourceless()], At(40)));
        Assert.Empty(book.Observe([Sourceless()], At(69)));
        Assert.Single(book.Observe([Sourceless()], At(70)));
    }

    [Fact]
    public void A_condition_that_returns_after_resolving_fires_again_as_a_new_alert()
    {
        var book = new AlertBook(10);
        var first = book.Observe([Sourceless(after: TimeSpan.Zero)], At(0)).Single();
        book.Observe([], At(10));

        var second = Assert.Single(book.Observe([Sourceless(after: TimeSpan.Zero)], At(20)));

        Assert.True(second.IsFiring);
        Assert.Equal(At(20), second.StartedUtc);
        Assert.Equal(first.Key, second.Key);
    }

    [Fact]
    public void Alerts_of_different_subjects_fire_and_resolve_independently()
    {
        var book = new AlertBook(10);
        var news = new AlertObservation(new AlertKey("sourceless", "news"), "news", null, TimeSpan.Zero, "/news has had no source");

        var both = book.Observe([Sourceless(after: TimeSpan.Zero), news], At(0));
        var one = Assert.Single(book.Observe([news], At(5)));

        Assert.Equal(2, both.Count);
        Assert.Equal(Live, one.Key);
        Assert.False(one.IsFiring);
        Assert.Equal("news", Assert.Single(book.Active).Key.Subject);
    }

    [Fact]
    public void Recent_keeps_the_newest_resolved_alerts_up_to_its_capacity()
    {
        var book = new AlertBook(2);
        for (var i = 0; i < 3; i++)
        {
            var key = new AlertKey("disk-full", "/data" + i);
            book.Observe([new AlertObservation(key, null, null, TimeSpan.Zero, "full")], At(i * 10));
            book.Observe([], At((i * 10) + 5));
        }

        Assert.Equal(["/data2", "/data1"], book.Recent.Select(a => a.Key.Subject));
    }
}
