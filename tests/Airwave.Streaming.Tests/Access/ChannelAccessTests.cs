using System.Net;
using Airwave.Streaming.Access;
using Xunit;

namespace Airwave.Streaming.Tests.Access;

public sealed class ChannelAccessTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deny_wins_over_allow_and_an_allow_list_keeps_everyone_else_out()
    {
        var access = new ChannelAccess([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.0.2.7/32")], [IPNetwork.Parse("10.9.0.0/16")], RequireToken: false);

        Assert.Null(access.NetworkRefusal("/live", IPAddress.Parse("10.1.2.3")));
        Assert.Null(access.NetworkRefusal("/live", IPAddress.Parse("192.0.2.7")));
        Assert.Equal("/live refuses clients from 10.9.1.1", access.NetworkRefusal("/live", IPAddress.Parse("10.9.1.1")));
        Assert.Equal("/live is private: 192.0.2.8 is not in its allow list", access.NetworkRefusal("/live", IPAddress.Parse("192.0.2.8")));
        Assert.Equal("/live is private and the client's address is unknown", access.NetworkRefusal("/live", null));
    }

    [Fact]
    public void An_IPv4_client_on_a_dual_stack_socket_matches_the_IPv4_lists_and_tokens()
    {
        var mapped = IPAddress.Parse("::ffff:10.1.2.3");
        var access = new ChannelAccess([IPNetwork.Parse("10.0.0.0/8")], [], RequireToken: true);
        var bound = ListenerToken.Sign(Secret, "live", Now.AddMinutes(5), "10.1.2.3");

        Assert.Null(access.ListenerRefusal("live", Secret, mapped, bound, Now));
    }

    [Fact]
    public void A_channel_requiring_tokens_refuses_missing_forged_and_expired_ones_with_their_reason()
    {
        var access = new ChannelAccess([], [], RequireToken: true);
        var client = IPAddress.Loopback;
        var token = ListenerToken.Sign(Secret, "live", Now.AddMinutes(5), null);

        Assert.Null(access.ListenerRefusal("live", Secret, client, token, Now));
        Assert.Equal("a listener token is required (?token=)", access.ListenerRefusal("live", Secret, client, null, Now));
        Assert.Equal("the listener token is not valid for /jazz", access.ListenerRefusal("jazz", Secret, client, token, Now));
        Assert.StartsWith("the listener token expired at ", access.ListenerRefusal("live", Secret, client, token, Now.AddMinutes(6)), StringComparison.Ordinal);
        Assert.True(ChannelAccess.Open.IsOpen);
        Assert.Null(ChannelAccess.Open.ListenerRefusal("live", "", client, null, Now));
    }
}
