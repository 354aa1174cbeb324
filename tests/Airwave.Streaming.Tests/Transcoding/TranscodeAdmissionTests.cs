using Airwave.Streaming.Transcoding;
using Xunit;

namespace Airwave.Streaming.Tests.Transcoding;

public sealed class TranscodeAdmissionTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_session_within_both_limits_is_admitted_without_evicting_anything()
    {
        var decision = TranscodeAdmission.Decide([Session("a", "alice", "live", 0)], "bob", "live", maxPerUser: 2, maxPerSource: 2);

        Assert.Equal(new TranscodeAdmissionDecision(true, null, null), decision);
    }

    [Fact]
    public void A_user_at_their_limit_gives_up_their_oldest_session()
    {
        var live = new[] { Session("newer", "alice", "jazz", 5), Session("older", "alice", "live", 1) };

        var decision = TranscodeAdmission.Decide(live, "alice", "news", maxPerUser: 2, maxPerSource: 4);

        Assert.Equal(new TranscodeAdmissionDecision(true, "older", null), decision);
    }

    [Fact]
    public void A_full_source_refuses_a_user_without_a_slot_there_and_lets_one_with_a_slot_reclaim_it()
    {
        var live = new[] { Session("a", "alice", "live", 0), Session("b", "bob", "live", 1), Session("c", "alice", "jazz", 2) };

        var refused = TranscodeAdmission.Decide(live, "carol", "live", maxPerUser: 2, maxPerSource: 2);
        var reclaimed = TranscodeAdmission.Decide(live, "alice", "live", maxPerUser: 2, maxPerSource: 2);

        Assert.Equal(new TranscodeAdmissionDecision(false, null, "Source at capacity (2 streams)"), refused);
        Assert.Equal(new TranscodeAdmissionDecision(true, "a", null), reclaimed);
    }

    private static TranscodeSessionInfo Session(string id, string user, string channel, int minute) =>
        new(id, new TranscodeSessionKey(channel, null, null, "mobile"), Start, user, Start.AddMinutes(minute), TranscodeSessionState.Running, "");
}
