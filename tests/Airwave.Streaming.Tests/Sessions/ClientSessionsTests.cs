using System.IO.Pipelines;
using Airwave.Media;
using Airwave.Persistence.Sessions;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sessions;
using Airwave.TestFixtures;
using Xunit;

namespace Airwave.Streaming.Tests.Sessions;

public sealed class ClientSessionsTests
{
    private static readonly long ChunkEnd = TestChannels.Origin.AddSeconds(5).Ticks;

    [Fact]
    public async Task New_connections_are_checkpointed_in_one_batch_and_then_every_playhead_that_moved_goes_into_one_progress_row()
    {
        await using var bed = await SessionBed.CreateAsync();
        var node = bed.Node();
        var first = await bed.ConnectAsync(node, "first");
        var second = await bed.ConnectAsync(node, "second");
        first.Handle.Played(10, ChunkEnd);
        second.Handle.Played(20, ChunkEnd);

        // The checkpoints hold where both are: no progress row yet.
        Assert.Equal(2, await node.FlushAsync());
        Assert.Equal((1, 0), (bed.Store.Batches, bed.Store.ProgressRows));
        Assert.Equal(["first", "second"], bed.Store.LastBatch.Order());
        Assert.Equal(0, await node.FlushAsync());
        Assert.Equal((1, 0), (bed.Store.Batches, bed.Store.ProgressRows));

        first.Handle.Played(11, ChunkEnd);
        bed.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await node.FlushAsync());
        Assert.Equal((1, 1), (bed.Store.Batches, bed.Store.ProgressRows));
        Assert.Equal(11L, (await bed.StoredAsync("first"))!.PlayheadSeq);
        Assert.Equal(20L, (await bed.StoredAsync("second"))!.PlayheadSeq);
    }

    [Fact]
    public async Task A_session_whose_node_died_without_a_final_write_resumes_from_that_nodes_last_progress_row()
    {
        await using var bed = await SessionBed.CreateAsync();
        var crashed = bed.Node();
        var connection = await bed.ConnectAsync(crashed, "s1");
        connection.Handle.Played(10, ChunkEnd);
        connection.Handle.Delivered(ChunkEnd, 4000);
        await crashed.FlushAsync();
        for (var seq = 11; seq <= 14; seq++)
        {
            bed.Clock.Advance(TimeSpan.FromSeconds(5));
            connection.Handle.Played(seq, ChunkEnd + seq);
            connection.Handle.Delivered(ChunkEnd + seq, 1000);
            await crashed.FlushAsync();
        }

        var lastRow = bed.Clock.GetUtcNow().UtcDateTime;
        bed.Clock.Advance(TimeSpan.FromSeconds(3));
        connection.Handle.Played(15, ChunkEnd + 15);

        Assert.Equal(1, bed.Store.Batches);
        var resumed = (await bed.StoredAsync("s1"))!;
        Assert.Equal((14L, new DateTime(ChunkEnd + 14, DateTimeKind.Utc), 8000L, lastRow), (resumed.PlayheadSeq, resumed.PlayheadEndUtc, resumed.Bytes, resumed.LastSeenUtc));
    }

    [Fact]
    public async Task A_new_session_gets_its_own_valid_id_and_is_recorded_like_any_other()
    {
        await using var bed = await SessionBed.CreateAsync();
        var node = bed.Node();

        using var claim = node.ClaimNew();
        using var other = node.ClaimNew();
        var connection = claim.Attach(bed.Handle(), "live", null)!;
        connection.Handle.Played(3, ChunkEnd);
        await node.FlushAsync();

        Assert.True(SessionIds.IsValid(claim.SessionId));
        Assert.Null(claim.Latest);
        Assert.NotEqual(claim.SessionId, other.SessionId);
        Assert.Equal(3L, (await bed.StoredAsync(claim.SessionId))!.PlayheadSeq);
    }

    [Fact]
    public async Task A_session_that_ended_is_read_back_by_another_node_with_its_playhead_and_bytes()
    {
        await using var bed = await SessionBed.CreateAsync();
        var node = bed.Node();
        var connection = await bed.ConnectAsync(node, "s1");
        connection.Handle.Played(10, ChunkEnd);
        connection.Handle.Delivered(ChunkEnd, 4000);
        await node.FlushAsync();
        connection.Handle.Played(12, ChunkEnd + 1);

        var persisted = SessionBed.EndAsync(node, connection);
        Assert.False(persisted.IsCompleted);
        await node.FlushAsync();
        await persisted.WaitAsync(TimeSpan.FromSeconds(10));

        using var claim = await bed.Node().ClaimAsync("s1", CancellationToken.None);
        Assert.Equal((12L, new DateTime(ChunkEnd + 1, DateTimeKind.Utc), 4000L), (claim.Latest!.PlayheadSeq, claim.Latest.PlayheadEndUtc, claim.Latest.Bytes));
        Assert.Null((await bed.StoredAsync("s1"))!.Writer);
    }

    [Fact]
    public async Task A_session_an_earlier_version_stored_as_json_resumes_and_is_stored_again_in_this_versions_form()
    {
        await using var bed = await SessionBed.CreateAsync();
        var earlier = """{"sessionId":"s1","channel":"live","playheadSeq":10,"playheadEndUtc":"2026-11-21T09:00:05Z","shift":"00:00:00","bytes":4000,"remote":"10.0.0.1","userAgent":"VLC/3.0.18","startedUtc":"2026-11-21T08:00:00Z","lastSeenUtc":"2026-11-21T09:00:05Z","writer":null}""";
        Assert.Empty(await bed.Journal.SaveAsync([new SessionStateWrite("s1", 1, System.Text.Encoding.UTF8.GetBytes(earlier))]));
        var node = bed.Node();

        var connection = await bed.ConnectAsync(node, "s1", resumedAtSeq: 11);
        connection.Handle.Played(11, ChunkEnd);
        connection.Handle.Delivered(ChunkEnd, 500);
        await node.FlushAsync();

        var saved = (await bed.StoredAsync("s1"))!;
        Assert.Equal((11L, 4500L, TestChannels.Origin.AddHours(-1)), (saved.PlayheadSeq, saved.Bytes, saved.StartedUtc));
        Assert.Equal(1, node.Resumed);
        var stored = (await bed.Journal.LoadAsync("s1"))!;
        Assert.Equal(2, stored.Version);
        Assert.NotEqual((byte)'{', stored.State[0]);
    }

    [Fact]
    public async Task A_resumed_connection_carries_the_sessions_start_and_bytes_forward()
    {
        await using var bed = await SessionBed.CreateAsync();
        var node = bed.Node();
        var before = await bed.ConnectAsync(node, "s1");
        before.Handle.Played(10, ChunkEnd);
        before.Handle.Delivered(ChunkEnd, 4000);
        var persisted = SessionBed.EndAsync(node, before);
        await node.FlushAsync();
        await persisted;
        bed.Clock.Advance(TimeSpan.FromMinutes(1));

        var after = await bed.ConnectAsync(node, "s1", resumedAtSeq: 11);
        after.Handle.Played(11, ChunkEnd + 1);
        after.Handle.Delivered(ChunkEnd + 1, 500);
        await node.FlushAsync();

        var saved = (await bed.StoredAsync("s1"))!;
        Assert.Equal((11L, 4500L, TestChannels.Origin), (saved.PlayheadSeq, saved.Bytes, saved.StartedUtc));
        Assert.Equal(1, node.Resumed);
    }

    [Fact]
    public async Task A_second_connection_of_a_session_on_the_same_node_takes_its_recording_over()
    {
        await using var bed = await SessionBed.CreateAsync();
        var node = bed.Node();
        var older = await bed.ConnectAsync(node, "s1");
        older.Handle.Played(10, ChunkEnd);

        using var claim = await node.ClaimAsync("s1", CancellationToken.None);
        Assert.Equal(10, claim.Latest!.PlayheadSeq);
        var newer = claim.Attach(bed.Handle(), "live", resumedAtSeq: 11)!;
        newer.Handle.Played(11, ChunkEnd + 1);

        Assert.False(older.IsCheckpointed);
        Assert.True(newer.IsCheckpointed);
        Assert.True(SessionBed.EndAsync(node, older).IsCompleted);
        await node.FlushAsync();
        Assert.Equal(11L, (await bed.StoredAsync("s1"))!.PlayheadSeq);
    }

    [Fact]
    public async Task A_session_another_node_wrote_meanwhile_is_let_go_while_the_rest_of_the_batch_is_written()
    {
        await using var bed = await SessionBed.CreateAsync();
        var nodeA = bed.Node();
        var nodeB = bed.Node();
        var onA = await bed.ConnectAsync(nodeA, "shared");
        var onB = await bed.ConnectAsync(nodeB, "shared");
        var otherOnB = await bed.ConnectAsync(nodeB, "other");
        onA.Handle.Played(10, ChunkEnd);
        onB.Handle.Played(20, ChunkEnd);
        otherOnB.Handle.Played(30, ChunkEnd);
        await nodeA.FlushAsync();

        Assert.Equal(1, await nodeB.FlushAsync());

        Assert.False(onB.IsCheckpointed);
        Assert.True(otherOnB.IsCheckpointed);
        Assert.Equal(10L, (await bed.StoredAsync("shared"))!.PlayheadSeq);
        Assert.Equal(30L, (await bed.StoredAsync("other"))!.PlayheadSeq);
    }

    [Fact]
    public async Task Sessions_not_written_for_expire_after_are_pruned_and_then_unknown_while_recent_ones_stay()
    {
        // The journal stamps each checkpoint with the real time it wrote it, so this test waits for real. Three seconds,
        // not one: on a loaded machine the recent session's write and the prune took over a second, and it was pruned too.
        var expireAfter = TimeSpan.FromSeconds(3);
        await using var bed = await SessionBed.CreateAsync();
        var node = bed.Node(SessionBed.Options with { ExpireAfter = expireAfter });
        var old = await bed.ConnectAsync(node, "old");
        old.Handle.Played(10, ChunkEnd);
        var oldPersisted = SessionBed.EndAsync(node, old);
        await node.FlushAsync();
        await oldPersisted;
        await Task.Delay(expireAfter * 1.5);
        var recent = await bed.ConnectAsync(node, "recent");
        recent.Handle.Played(20, ChunkEnd);
        var recentPersisted = SessionBed.EndAsync(node, recent);
        await node.FlushAsync();
        await recentPersisted;

        Assert.Equal(1, await node.PruneExpiredAsync());

        using var expired = await bed.Node().ClaimAsync("old", CancellationToken.None);
        using var kept = await bed.Node().ClaimAsync("recent", CancellationToken.None);
        Assert.Null(expired.Latest);
        Assert.Equal(20, kept.Latest!.PlayheadSeq);
        Assert.Equal(0, await node.PruneExpiredAsync());
    }

    [Fact]
    public async Task Pruning_keeps_only_each_sessions_latest_checkpoint_and_progress_row_and_a_resumed_session_goes_on_from_it()
    {
        await using var bed = await SessionBed.CreateAsync();
        var node = bed.Node();
        var connection = await bed.ConnectAsync(node, "long");
        for (var seq = 1; seq <= 5; seq++)
        {
            bed.Clock.Advance(TimeSpan.FromSeconds(5));
            connection.Handle.Played(seq, ChunkEnd);
            await node.FlushAsync();
        }

        // The connection's checkpoint holds seq 1; each later position is a progress row.
        Assert.Equal(1 + 4, await bed.JournalRowsAsync());
        Assert.Equal(0, await node.PruneExpiredAsync());

        Assert.Equal(1 + 1, await bed.JournalRowsAsync());
        var other = bed.Node();
        using (var claim = await other.ClaimAsync("long", CancellationToken.None))
        {
            Assert.Equal(5L, claim.Latest!.PlayheadSeq);
        }

        var resumed = await bed.ConnectAsync(other, "long");
        resumed.Handle.Played(6, ChunkEnd);
        Assert.Equal(1, await other.FlushAsync());
        Assert.Equal(6L, (await bed.StoredAsync("long"))!.PlayheadSeq);
    }

    [Fact]
    public async Task Draining_stops_a_listener_at_a_chunk_boundary_and_writes_its_playhead_before_its_connection_may_close()
    {
        await using var bed = await SessionBed.CreateAsync();
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 10, 1000);
        var node = bed.Node();
        var connection = await bed.ConnectAsync(node, "s1");
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var session = new ListenerSession(channel, _ => null, connection.Handle, 0, TimeProvider.System);
        var streaming = Task.Run(async () =>
        {
            await session.RunAsync(
                new PipeAudioSink(pipe.Writer), new PlaybackStart(0, false, TestChannels.Origin) { Format = AudioFormat.Mp3 }, new RecordingLifecycle(() => SessionBed.EndAsync(node, connection)));
        });
        Assert.Equal(TestChannels.Expected(0, 10, 1000), await pipe.Reader.ReadExactlyAsync(10_000));
        var batchesBefore = bed.Store.Batches;

        var report = await node.DrainAsync(CancellationToken.None);
        await streaming.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new DrainReport(1, 1, 0, 1), report);
        Assert.Equal(batchesBefore + 1, bed.Store.Batches);
        Assert.Equal("node draining", connection.Handle.StopReason);
        Assert.Equal(9L, (await bed.StoredAsync("s1"))!.PlayheadSeq);
        Assert.True(node.IsDraining);
        using var refused = await node.ClaimAsync("late", CancellationToken.None);
        Assert.Null(refused.Attach(bed.Handle(), "live", null));
    }

    [Fact]
    public async Task Draining_drops_a_listener_stuck_mid_send_after_the_drain_timeout_and_reports_it_dropped()
    {
        await using var bed = await SessionBed.CreateAsync();
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 10, 1000);
        var node = bed.Node(SessionBed.Options with { DrainDelay = TimeSpan.Zero, DrainTimeout = TimeSpan.FromSeconds(5) });
        var connection = await bed.ConnectAsync(node, "stuck");

        // Nobody reads the pipe: the session's first flush never completes, so it never reaches a chunk boundary.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));
        var session = new ListenerSession(channel, _ => null, connection.Handle, 0, TimeProvider.System);
        var streaming = Task.Run(async () =>
        {
            await session.RunAsync(
                new PipeAudioSink(pipe.Writer), new PlaybackStart(0, false, TestChannels.Origin) { Format = AudioFormat.Mp3 }, new RecordingLifecycle(() => SessionBed.EndAsync(node, connection)));
        });
        await Eventually.AssertAsync(() => Assert.True(Unread(pipe) > 0), TimeSpan.FromSeconds(10));
        Assert.Equal(0, connection.Handle.BytesSent);

        var timersBefore = bed.Clock.PendingTimers;
        var draining = node.DrainAsync(CancellationToken.None);
        await Eventually.AssertAsync(() => Assert.True(bed.Clock.PendingTimers > timersBefore), TimeSpan.FromSeconds(10));
        Assert.False(draining.IsCompleted);
        Assert.Equal("node draining", connection.Handle.StopReason);

        bed.Clock.Advance(TimeSpan.FromSeconds(5));
        var report = await draining.WaitAsync(TimeSpan.FromSeconds(10));
        await streaming.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new DrainReport(1, 0, 1, 1), report);
        Assert.StartsWith("node shutting down", connection.Handle.DropReason);
        Assert.Empty(node.Connections);
        Assert.NotNull(await bed.StoredAsync("stuck"));
    }

    /// <summary>What the pipe holds for its reader, left unread.</summary>
    private static long Unread(Pipe pipe)
    {
        if (!pipe.Reader.TryRead(out var read))
        {
            return 0;
        }

        var length = read.Buffer.Length;
        pipe.Reader.AdvanceTo(read.Buffer.Start);
        return length;
    }
}
