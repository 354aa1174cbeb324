using Airwave.Streaming.Fanout;
using Xunit;

namespace Airwave.Streaming.Tests.Fanout;

public sealed class ListenerHandleTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_listener_counts_as_delivered_up_to_where_it_starts()
    {
        using var live = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        using var shifted = new ListenerHandle("a", "ua", TimeSpan.FromMinutes(5), Now);

        Assert.Equal(Now.Ticks, live.DeliveredUpToTicks);
        Assert.Equal((Now - TimeSpan.FromMinutes(5)).Ticks, shifted.DeliveredUpToTicks);
    }

    [Fact]
    public void Delivered_moves_the_playhead_and_counts_bytes_extra_bytes_only_count()
    {
        using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);

        handle.Delivered(Now.Ticks + 10, 1000);
        handle.SentExtra(33);

        Assert.Equal(Now.Ticks + 10, handle.DeliveredUpToTicks);
        Assert.Equal(1033, handle.BytesSent);
    }

    [Fact]
    public void The_first_drop_reason_wins_ends_the_listener_and_tells_its_session_once()
    {
        using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        var session = new RecordingSession();
        handle.Attach(session);
        var token = handle.Stopping;

        handle.Drop("too slow");
        handle.Drop("source gone");

        Assert.True(token.IsCancellationRequested);
        Assert.True(handle.IsEnded);
        Assert.Equal("too slow", handle.DropReason);
        Assert.Equal(1, session.Ends);
        Assert.Equal(0, session.Stops);
    }

    [Fact]
    public void A_session_attached_after_its_listener_was_dropped_is_told_at_once_and_a_detached_one_no_more()
    {
        using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        handle.Drop("too slow");
        var late = new RecordingSession();

        handle.Attach(late);
        Assert.Equal(1, late.Ends);

        using var other = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        var gone = new RecordingSession();
        other.Attach(gone);
        other.Detach();
        other.Drop("too slow");
        other.StopAtChunkBoundary("node draining");
        Assert.Equal(0, gone.Ends + gone.Stops);
    }

    [Fact]
    public void A_cancelled_connection_ends_the_listener_like_a_drop_without_a_reason()
    {
        using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        var session = new RecordingSession();
        handle.Attach(session);
        using var connection = new CancellationTokenSource();
        using var ending = handle.EndWith(connection.Token);

        connection.Cancel();

        Assert.True(handle.IsEnded);
        Assert.True(handle.Stopping.IsCancellationRequested);
        Assert.Null(handle.DropReason);
        Assert.Equal(1, session.Ends);
    }

    [Fact]
    public void A_stopping_token_asked_for_after_the_stop_or_the_end_is_cancelled_already()
    {
        using var stopped = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        Assert.False(stopped.IsStopping);
        stopped.StopAtChunkBoundary("node draining");
        Assert.True(stopped.IsStopping);
        Assert.True(stopped.Stopping.IsCancellationRequested);

        using var gone = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        gone.ConnectionGone();
        Assert.True(gone.IsStopping);
        Assert.True(gone.Stopping.IsCancellationRequested);
    }

    [Fact]
    public async Task A_stopping_token_asked_for_while_the_listener_is_stopped_elsewhere_is_always_cancelled()
    {
        // The token is made on first use: whichever of the two threads comes second must see the other.
        for (var round = 0; round < 2000; round++)
        {
            using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
            using var start = new Barrier(2);
            var stopping = Task.Run(() =>
            {
                start.SignalAndWait();
                handle.StopAtChunkBoundary("node draining");
            });
            start.SignalAndWait();
            var token = handle.Stopping;
            await stopping;

            Assert.True(token.IsCancellationRequested, $"round {round}");
        }
    }

    [Fact]
    public void Dropping_a_handle_whose_session_already_ended_does_not_throw()
    {
        var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        handle.Dispose();

        handle.Drop("too slow");

        Assert.Equal("too slow", handle.DropReason);
    }

    [Fact]
    public void Reposition_changes_the_shift_and_the_playhead()
    {
        using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);

        handle.Reposition(TimeSpan.FromMinutes(2), Now.Ticks - 5);

        Assert.Equal(TimeSpan.FromMinutes(2), handle.Shift);
        Assert.Equal(Now.Ticks - 5, handle.DeliveredUpToTicks);
    }

    [Fact]
    public void Stopping_at_a_chunk_boundary_cancels_the_stopping_token_and_tells_the_session_to_stop_and_a_drop_then_to_end()
    {
        using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        var session = new RecordingSession();
        handle.Attach(session);

        handle.StopAtChunkBoundary("node draining");

        Assert.True(handle.Stopping.IsCancellationRequested);
        Assert.False(handle.IsEnded);
        Assert.Equal("node draining", handle.StopReason);
        Assert.Null(handle.DropReason);
        Assert.Equal((1, 0), (session.Stops, session.Ends));

        handle.Drop("too slow");
        Assert.True(handle.IsEnded);
        Assert.Equal((1, 1), (session.Stops, session.Ends));
    }

    [Fact]
    public void The_playhead_is_unknown_until_a_chunk_was_played()
    {
        using var handle = new ListenerHandle("a", "ua", TimeSpan.Zero, Now);
        Assert.False(handle.Playhead.IsKnown);

        handle.Played(41, Now.Ticks + 10);

        Assert.Equal(new ListenerPlayhead(41, Now.Ticks + 10), handle.Playhead);
        Assert.Equal(Now.AddTicks(10), handle.Playhead.EndUtc);
    }

    private sealed class RecordingSession : IListenerControl
    {
        public int Stops { get; private set; }

        public int Ends { get; private set; }

        public void StopRequested() => Stops++;

        public void EndRequested() => Ends++;
    }
}
