using Airwave.Streaming.Rewind;
using Airwave.Streaming.Sessions;
using Xunit;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.Sessions;

public sealed class SessionResumeTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExpireAfter = TimeSpan.FromHours(1);
    private static readonly DateTime Now = Origin.AddMinutes(10);

    // Seqs 20..29 at 20..30 s after Origin, a gap, seqs 40..44 at 40..45 s.
    private static RewindBuffer Buffer()
    {
        var buffer = NewBuffer(TimeSpan.FromHours(1));
        AppendRun(buffer, 20, 10, TimeSpan.FromSeconds(20), Second, 10);
        AppendRun(buffer, 40, 5, TimeSpan.FromSeconds(40), Second, 10);
        return buffer;
    }

    private static ListenerSessionCheckpoint Saved(long playheadSeq, double playheadEndSeconds = 0, string channel = "live", DateTime? lastSeen = null) =>
        new("s1", channel, playheadSeq, Origin.AddSeconds(playheadEndSeconds), TimeSpan.Zero, 1000, "10.0.0.1", "tests", Origin, lastSeen ?? Now);

    private static ResumePoint Decide(ListenerSessionCheckpoint? saved, RewindBuffer buffer) => SessionResume.Decide(saved, "live", Now, ExpireAfter, buffer.Snapshot());

    [Fact]
    public void An_unknown_session_starts_fresh()
    {
        using var buffer = Buffer();

        Assert.Equal(ResumeKind.Fresh, Decide(null, buffer).Kind);
    }

    [Fact]
    public void A_session_of_another_channel_starts_fresh()
    {
        using var buffer = Buffer();

        Assert.Equal(ResumeKind.Fresh, Decide(Saved(24, channel: "news"), buffer).Kind);
    }

    [Fact]
    public void A_session_not_seen_for_longer_than_expire_after_starts_fresh_and_one_just_within_resumes()
    {
        using var buffer = Buffer();

        Assert.Equal(ResumeKind.Fresh, Decide(Saved(24, lastSeen: Now - ExpireAfter - Second), buffer).Kind);
        Assert.Equal(ResumeKind.AtSequence, Decide(Saved(24, lastSeen: Now - ExpireAfter), buffer).Kind);
    }

    [Fact]
    public void A_session_that_never_played_its_channel_starts_fresh()
    {
        using var buffer = Buffer();

        Assert.Equal(ResumeKind.Fresh, Decide(Saved(-1), buffer).Kind);
    }

    [Fact]
    public void A_held_playhead_resumes_at_the_chunk_after_it()
    {
        using var buffer = Buffer();

        var point = Decide(Saved(24, 25), buffer);
        var start = SessionResume.Start(point, buffer);

        Assert.Equal((ResumeKind.AtSequence, 25L), (point.Kind, point.Seq));
        Assert.Equal(25, start!.Value.Seq);
        Assert.True(start.Value.Paced);
        Assert.Equal(Origin.AddSeconds(25), start.Value.StartUtc);
    }

    [Fact]
    public void A_playhead_before_a_gap_resumes_at_the_first_chunk_after_the_gap()
    {
        using var buffer = Buffer();

        var start = SessionResume.Start(Decide(Saved(29, 30), buffer), buffer);

        Assert.Equal(40, start!.Value.Seq);
        Assert.Equal(Origin.AddSeconds(40), start.Value.StartUtc);
    }

    [Fact]
    public void A_playhead_on_the_newest_chunk_waits_for_the_next_one_paced()
    {
        using var buffer = Buffer();

        var point = Decide(Saved(44, 45), buffer);
        var start = SessionResume.Start(point, buffer);

        Assert.Equal((ResumeKind.AtSequence, 45L), (point.Kind, point.Seq));
        Assert.Equal(45, start!.Value.Seq);
        Assert.True(start.Value.Paced);
    }

    [Fact]
    public void A_playhead_no_longer_held_resumes_by_its_time()
    {
        using var buffer = Buffer();

        var point = Decide(Saved(5, 41.5), buffer);
        var start = SessionResume.Start(point, buffer);

        Assert.Equal((ResumeKind.AtTime, Origin.AddSeconds(41.5)), (point.Kind, point.AtUtc));
        Assert.Equal(41, start!.Value.Seq);
    }

    [Fact]
    public void A_playhead_older_than_the_buffer_resumes_at_its_oldest_chunk()
    {
        using var buffer = Buffer();

        var start = SessionResume.Start(Decide(Saved(5, 6), buffer), buffer);

        Assert.Equal(20, start!.Value.Seq);
    }

    [Fact]
    public void A_playhead_ahead_of_what_the_buffer_holds_plays_live()
    {
        using var buffer = Buffer();

        var point = Decide(Saved(90, 90), buffer);

        Assert.Equal(ResumeKind.AtTime, point.Kind);
        Assert.Null(SessionResume.Start(point, buffer));
    }

    [Fact]
    public void An_empty_buffer_plays_live()
    {
        using var buffer = NewBuffer(TimeSpan.FromHours(1));

        var point = Decide(Saved(24, 25), buffer);

        Assert.Equal(ResumeKind.AtTime, point.Kind);
        Assert.Null(SessionResume.Start(point, buffer));
    }

    [Fact]
    public void A_fresh_point_has_no_start()
    {
        using var buffer = Buffer();

        Assert.Null(SessionResume.Start(ResumePoint.Fresh("unknown session"), buffer));
    }
}
