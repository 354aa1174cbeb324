using System.Buffers.Binary;
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
        later[0] = 3;

        Assert.Contains("format 3", Assert.Throws<InvalidDataException>(() => SessionProgress.Decode(later)).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => SessionProgress.Decode(row[..^4])).Message, StringComparison.Ordinal);
        Assert.Contains("format 3", Assert.Throws<InvalidDataException>(() => SessionProgress.Decode([3])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void A_row_whose_count_cannot_be_is_refused_before_anything_is_sized_by_it(int count)
    {
        var row = Row(("s1", "live", 42, 9_000));
        BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(9), count);

        Assert.Contains($"holds {count} sessions", Assert.Throws<InvalidDataException>(() => SessionProgress.Decode(row)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_session_takes_at_most_36_bytes_and_reads_back_exactly()
    {
        using var builder = new SessionProgress.Builder();
        builder.Begin(Written);
        var ids = Enumerable.Range(0, 1_000).Select(_ => SessionIds.New()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            // A day's sequence numbers and bytes at 128 kbit/s, a playhead 2 s before the row or one chunk past it, live or 3 h behind.
            builder.Add(ids[i], i % 3 == 0 ? "jazz" : "live", 170_000 + i, Written.AddSeconds(i % 2 == 0 ? -2 : 0.5), TimeSpan.FromHours(i % 2 * 3), 1_382_400_000 + i);
        }

        var bytes = builder.ToArray();
        var row = SessionProgress.Decode(bytes);

        Assert.InRange(bytes.Length / (double)ids.Count, 25, 36);
        for (var i = 0; i < ids.Count; i++)
        {
            var resumed = row.Apply(Checkpoint(ids[i], Written.AddMinutes(-1)));
            Assert.Equal(
                (i % 3 == 0 ? "jazz" : "live", 170_000L + i, Written.AddSeconds(i % 2 == 0 ? -2 : 0.5), TimeSpan.FromHours(i % 2 * 3), 1_382_400_000L + i),
                (resumed.Channel, resumed.PlayheadSeq, resumed.PlayheadEndUtc, resumed.Shift, resumed.Bytes));
        }
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("my-player_7")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void An_id_a_client_chose_reads_back_as_it_was_given(string id)
    {
        var row = SessionProgress.Decode(Row((id, "live", 42, 9_000), (SessionIds.New(), "live", 1, 1)));

        Assert.Equal(42, row.Apply(Checkpoint(id, Written.AddSeconds(-1))).PlayheadSeq);
    }

    [Fact]
    public void A_row_an_earlier_version_wrote_is_still_read()
    {
        // Format 1: the time, the count, then each session's id, channel and four 8-byte numbers.
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes))
        {
            writer.Write((byte)1);
            writer.Write(Written.Ticks);
            writer.Write(1);
            writer.Write("0123456789abcdef0123456789abcdef");
            writer.Write("jazz");
            writer.Write(42L);
            writer.Write(End(42).Ticks);
            writer.Write(TimeSpan.FromMinutes(3).Ticks);
            writer.Write(90_000L);
        }

        var row = SessionProgress.Decode(bytes.ToArray());
        var resumed = row.Apply(Checkpoint("0123456789abcdef0123456789abcdef", Written.AddSeconds(-30)));

        Assert.Equal(("jazz", 42L, End(42), TimeSpan.FromMinutes(3), 90_000L), (resumed.Channel, resumed.PlayheadSeq, resumed.PlayheadEndUtc, resumed.Shift, resumed.Bytes));
    }

    [Fact]
    public void A_row_naming_a_channel_it_does_not_list_is_refused()
    {
        var row = Row(("s1", "live", 42, 9_000));

        // The session's channel index follows its kind (1), the id's length (1) and the id "s1", after the 17-byte header.
        row[17 + 1 + 1 + 2] = 5;

        Assert.Contains("channel 5 of 1", Assert.Throws<InvalidDataException>(() => SessionProgress.Decode(row)).Message, StringComparison.Ordinal);
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
