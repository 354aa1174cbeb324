using System.Text;
using System.Text.Json;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Sessions;
using Xunit;

namespace Airwave.Streaming.Tests.Sessions;

public sealed class SessionCheckpointFormatTests
{
    private static readonly DateTime Seen = TestChannels.Origin.AddMinutes(10);

    /// <summary>How earlier versions wrote states: System.Text.Json's web defaults.</summary>
    private static readonly JsonSerializerOptions EarlierJson = new(JsonSerializerDefaults.Web);

    /// <summary>What a node makes: a generated session id, a node run as the writer, an address and an ordinary user agent.</summary>
    private static readonly ListenerSessionCheckpoint Streaming = new(
        "d690669180b6d8153bce4e4071297529", "live", 27, Seen.AddSeconds(-1.5), TimeSpan.FromMinutes(3), 100_311, "127.0.0.1",
        "VLC/3.0.18 LibVLC/3.0.18", Seen.AddHours(-2), Seen, "87923b33bf224944b4fe3e9276c2b822");

    [Fact]
    public void A_state_reads_back_as_it_was_written_with_its_times_in_utc()
    {
        using var encoder = new SessionCheckpointFormat.Encoder();

        var read = SessionCheckpointFormat.Decode(encoder.Encode(Streaming));

        Assert.Equal(Streaming, read);
        Assert.All([read.PlayheadEndUtc, read.StartedUtc, read.LastSeenUtc], time => Assert.Equal(DateTimeKind.Utc, time.Kind));
    }

    [Fact]
    public void A_final_state_of_an_id_a_client_chose_that_played_nothing_reads_back_as_well()
    {
        using var encoder = new SessionCheckpointFormat.Encoder();
        var final = Streaming with
        {
            SessionId = "my-player-ß",
            PlayheadSeq = -1,
            PlayheadEndUtc = default,
            Shift = TimeSpan.FromTicks(-5),
            Remote = "2001:db8::7",
            UserAgent = "Lecteur «radio» 🎧",
            Writer = null,
        };

        Assert.Equal(final, SessionCheckpointFormat.Decode(encoder.Encode(final)));
    }

    [Fact]
    public void A_state_takes_under_a_third_of_the_json_earlier_versions_wrote()
    {
        using var encoder = new SessionCheckpointFormat.Encoder();

        var binary = encoder.Encode(Streaming).Length;
        var json = JsonSerializer.SerializeToUtf8Bytes(Streaming, EarlierJson).Length;

        Assert.InRange(binary, 1, json / 3);
    }

    [Fact]
    public void Each_state_is_its_own_array_when_the_encoder_goes_on_to_a_shorter_one()
    {
        using var encoder = new SessionCheckpointFormat.Encoder();
        var shorter = Streaming with { UserAgent = "", Writer = null };

        var first = encoder.Encode(Streaming);
        var second = encoder.Encode(shorter);

        Assert.Equal(Streaming, SessionCheckpointFormat.Decode(first));
        Assert.Equal(shorter, SessionCheckpointFormat.Decode(second));
    }

    [Fact]
    public void A_state_an_earlier_version_wrote_as_json_is_read()
    {
        // As a node of the version before stored it (the journal's payload, byte for byte).
        var json = """{"sessionId":"d690669180b6d8153bce4e4071297529","channel":"demo","playheadSeq":27,"playheadEndUtc":"2026-12-06T02:45:42.2262834Z","shift":"00:00:00","bytes":100311,"remote":"127.0.0.1","userAgent":"airwave-listener-probe/1","startedUtc":"2026-12-06T02:45:39.8828536Z","lastSeenUtc":"2026-12-06T02:45:42.7735814Z","writer":"87923b33bf224944b4fe3e9276c2b822"}""";

        var read = SessionCheckpointFormat.Decode(Encoding.UTF8.GetBytes(json));

        var seen = new DateTime(2026, 12, 6, 2, 45, 42, DateTimeKind.Utc);
        Assert.Equal(
            new ListenerSessionCheckpoint(
                "d690669180b6d8153bce4e4071297529", "demo", 27, seen.AddTicks(2_262_834), TimeSpan.Zero, 100_311, "127.0.0.1", "airwave-listener-probe/1",
                seen.AddSeconds(-3).AddTicks(8_828_536), seen.AddTicks(7_735_814), "87923b33bf224944b4fe3e9276c2b822"),
            read);
    }

    [Fact]
    public void A_truncated_state_is_refused_at_every_length()
    {
        using var encoder = new SessionCheckpointFormat.Encoder();
        var state = encoder.Encode(Streaming);

        for (var length = 0; length < state.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => SessionCheckpointFormat.Decode(state[..length]));
            Assert.Contains("listener session state", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_state_with_bytes_after_its_end_an_unknown_form_or_broken_json_is_refused_with_what_is_wrong()
    {
        using var encoder = new SessionCheckpointFormat.Encoder();
        var state = encoder.Encode(Streaming);

        Assert.Contains("1 bytes after its end", Assert.Throws<InvalidDataException>(() => SessionCheckpointFormat.Decode([.. state, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("of form 9", Assert.Throws<InvalidDataException>(() => SessionCheckpointFormat.Decode([9, .. state[1..]])).Message, StringComparison.Ordinal);
        Assert.Contains("not the JSON", Assert.Throws<InvalidDataException>(() => SessionCheckpointFormat.Decode("{\"sessionId\":"u8.ToArray())).Message, StringComparison.Ordinal);
    }
}
