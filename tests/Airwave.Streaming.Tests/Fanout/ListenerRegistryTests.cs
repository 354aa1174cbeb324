using Airwave.Streaming.Fanout;
using Xunit;

namespace Airwave.Streaming.Tests.Fanout;

public sealed class ListenerRegistryTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(30);

    [Fact]
    public void Admits_listeners_up_to_the_limit()
    {
        var registry = new ListenerRegistry();
        var handles = Enumerable.Range(0, 3).Select(_ => Live()).ToList();

        Assert.True(registry.TryAdd(handles[0], 2));
        Assert.True(registry.TryAdd(handles[1], 2));
        Assert.False(registry.TryAdd(handles[2], 2));
        Assert.Equal(2, registry.Count);
        Assert.DoesNotContain(handles[2], registry.All);
    }

    [Fact]
    public void Removing_frees_a_place_and_removing_twice_counts_once()
    {
        var registry = new ListenerRegistry();
        var first = Live();
        registry.TryAdd(first, 1);

        registry.Remove(first);
        registry.Remove(first);

        Assert.Equal(0, registry.Count);
        Assert.True(registry.TryAdd(Live(), 1));
    }

    [Fact]
    public void Icy_listeners_are_counted_on_admission_and_removal_but_not_when_refused_or_removed_twice()
    {
        var registry = new ListenerRegistry();
        var icy = new ListenerHandle("10.0.0.1:1", "player", TimeSpan.Zero, Now) { Icy = true };
        var refused = new ListenerHandle("10.0.0.2:1", "player", TimeSpan.Zero, Now) { Icy = true };
        registry.TryAdd(Live(), 2);
        registry.TryAdd(icy, 2);

        Assert.False(registry.TryAdd(refused, 2));
        Assert.Equal(1, registry.IcyCount);

        registry.Remove(icy);
        registry.Remove(icy);
        registry.Remove(refused);

        Assert.Equal(0, registry.IcyCount);
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Concurrent_admissions_never_exceed_the_limit()
    {
        var registry = new ListenerRegistry();

        var admitted = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (registry.TryAdd(Live(), 100))
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(100, admitted);
        Assert.Equal(100, registry.Count);
    }

    [Fact]
    public void A_live_listener_is_dropped_once_it_falls_more_than_the_lag_behind_the_live_edge()
    {
        var registry = new ListenerRegistry();
        var onTime = Live();
        var borderline = Live();
        var late = Live();
        var liveEdge = Now.Ticks;
        onTime.Delivered(liveEdge - TimeSpan.FromSeconds(1).Ticks, 0);
        borderline.Delivered(liveEdge - MaxLag.Ticks, 0);
        late.Delivered(liveEdge - MaxLag.Ticks - 1, 0);
        new[] { onTime, borderline, late }.ToList().ForEach(h => registry.TryAdd(h, 10));

        var dropped = registry.DropLaggards(Now.Ticks, liveEdge, MaxLag);

        Assert.Equal(1, dropped);
        Assert.NotNull(late.DropReason);
        Assert.Null(onTime.DropReason);
        Assert.Null(borderline.DropReason);
    }

    [Fact]
    public void A_shifted_listener_is_measured_against_where_it_should_be_not_against_live()
    {
        var registry = new ListenerRegistry();
        var shift = TimeSpan.FromHours(1);
        var playing = new ListenerHandle("10.0.0.1", "ua", shift, Now - TimeSpan.FromMinutes(5));
        var stalled = new ListenerHandle("10.0.0.2", "ua", shift, Now - TimeSpan.FromMinutes(5));
        playing.Delivered((Now - shift - TimeSpan.FromSeconds(10)).Ticks, 0);
        stalled.Delivered((Now - shift - TimeSpan.FromSeconds(31)).Ticks, 0);
        registry.TryAdd(playing, 10);
        registry.TryAdd(stalled, 10);

        Assert.Equal(1, registry.DropLaggards(Now.Ticks, Now.Ticks, MaxLag));
        Assert.Null(playing.DropReason);
        Assert.NotNull(stalled.DropReason);
    }

    [Fact]
    public void Nobody_is_dropped_when_the_live_edge_stopped_moving()
    {
        var registry = new ListenerRegistry();
        var caughtUp = Live();
        var liveEdge = (Now - TimeSpan.FromMinutes(10)).Ticks;
        caughtUp.Delivered(liveEdge, 0);
        registry.TryAdd(caughtUp, 10);

        Assert.Equal(0, registry.DropLaggards(Now.Ticks, liveEdge, MaxLag));
    }

    [Fact]
    public void A_dropped_listener_is_not_counted_again()
    {
        var registry = new ListenerRegistry();
        var late = Live();
        late.Delivered(0, 0);
        registry.TryAdd(late, 10);

        Assert.Equal(1, registry.DropLaggards(Now.Ticks, Now.Ticks, MaxLag));
        Assert.Equal(0, registry.DropLaggards(Now.Ticks, Now.Ticks, MaxLag));
    }

    [Fact]
    public void Drop_waiting_leaves_listeners_still_playing_older_audio()
    {
        var registry = new ListenerRegistry();
        var waiting = Live();
        var playing = Live();
        waiting.Delivered(Now.Ticks, 0);
        playing.Delivered(Now.Ticks - 1, 0);
        registry.TryAdd(waiting, 10);
        registry.TryAdd(playing, 10);

        Assert.Equal(1, registry.DropWaiting(Now.Ticks, "source gone"));
        Assert.Equal("source gone", waiting.DropReason);
        Assert.Null(playing.DropReason);
    }

    [Fact]
    public void Drop_all_drops_everyone()
    {
        var registry = new ListenerRegistry();
        var handles = Enumerable.Range(0, 3).Select(_ => Live()).ToList();
        handles.ForEach(h => registry.TryAdd(h, 10));

        registry.DropAll("channel stopped");

        Assert.All(handles, h => Assert.Equal("channel stopped", h.DropReason));
    }

    private static ListenerHandle Live() => new("10.0.0.1", "ua", TimeSpan.Zero, Now);
}
