using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Sessions;
using Xunit;

namespace Airwave.Streaming.Tests.Sessions;

public sealed class SessionProgressTests
{
    private static readonly DateTime Written = TestChannels.Origin.AddMinutes(10);

    [Fact]
    public void A_row_gives_each_session_its_position_when_it_is_newer_than_the_sessions_checkpoint()
    {
        var row = SessionProgress.Decode(Row(("s1", "jazz", 42, 90_000), ("s2", "live", 7, 100)));
        var saved = Checkpoint("s1", Written.AddSeconds(-30)) with { Remote = "10.0.0.9", Writer = "run" };

        var resumed = row.Apply(saved);

        Assert.Equal(2, row.Count);
        Assert.Equal(
            saved with { Channel = "jazz", PlayheadSeq = 42, PlayheadEndUtc = End(42), Shift = TimeSpan.FromMinutes(3), Bytes = 90_000, LastSeenUtc = Written },
            resumed);
    }

    [Theory]
    [InlineData("s1", 0)]
    [InlineData("s1", 1)]
    [InlineData("unknown", -30)]
    public void A_checkpoint_written_with_or_after_the_row_or_absent_from_it_stays_as_it_is(string sessionId, int savedSecondsAfterRow)
    {
        var row = SessionProgress.Decode(Row(("s1", "live", 42, 9_000)));
        var saved = Checkpoint(sessionId, Written.AddSeconds(savedSecondsAfterRow));

        Assert.Same(saved, row.Apply(saved));
    }

    [Fact]
    public void A_builder_starts_each_row_afresh()
    {
        using var builder = new SessionProgress.Builder();
        builder.Begin(Written.AddSeconds(-5));
        builder.Add("s1", "live", 1, End(1), TimeSpan.Zero, 1);
        builder.Add("s2", "live", 1, End(1), TimeSpan.Zero, 1);
        builder.Begin(Written);
        builder.Add("s3", "live", 3, End(3), TimeSpan.Zero, 3);

        var row = SessionProgress.Decode(builder.ToArray());

        Assert.Equal((1, Written), (row.Count, row.WrittenUtc));
        Assert.Equal(3, row.Apply(Checkpoint("s3", Written.AddSeconds(-1))).PlayheadSeq);
    }

    [Fact]
    public void A_row_of_another_format_or_cut_short_is_refused_with_the_reason()
    {
        var row = Row(("s1", "live", 42, 9_000));
        var later = (byte[])row.Clone();
        later[0] = 2;

        Assert.Contains("format 2", Assert.Throws<InvalidDataException>(() => SessionProgress.Decode(later)).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => SessionProgress.Decode(row[..^4])).Message, StringComparison.Ordinal);
    }

    private static byte[] Row(params (string Id, string Channel, long Seq, long Bytes)[] sessions)
    {
        using var builder = new SessionProgress.Builder();
        builder.Begin(Written);
        foreach (var (id, channel, seq, bytes) in sessions)
        {
            builder.Add(id, channel, seq, End(seq), TimeSpan.FromMinutes(3), bytes);
        }

        return builder.ToArray();
    }

    private static DateTime End(long seq) => TestChannels.Origin.AddSeconds(seq / 2.0);

    private static ListenerSessionCheckpoint Checkpoint(string id, DateTime seenUtc) =>
        new(id, "live", 10, End(10), TimeSpan.Zero, 4_000, "10.0.0.1", "tests", TestChannels.Origin, seenUtc);
}
