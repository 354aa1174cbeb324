using Airwave.Streaming.Access;
using Xunit;

namespace Airwave.Streaming.Tests.Access;

public sealed class ListenerTokenTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_works_for_its_channel_until_it_expires()
    {
        var token = ListenerToken.Sign(Secret, "live", Now.AddMinutes(10), null);

        Assert.Matches("^[0-9]+\\.[A-Za-z0-9_-]{43}$", token);
        Assert.True(ListenerToken.Verify(Secret, "live", token, Now.AddMinutes(10), "192.0.2.7").IsValid);
        Assert.Equal(
            new ListenerTokenCheck(ListenerTokenVerdict.Expired, "the listener token expired at 2026-12-03T12:10:00Z"),
            ListenerToken.Verify(Secret, "live", token, Now.AddMinutes(10).AddSeconds(1), "192.0.2.7"));
    }

    [Fact]
    public void Another_channel_another_secret_or_a_changed_expiry_make_it_forged()
    {
        var token = ListenerToken.Sign(Secret, "live", Now.AddMinutes(10), null);
        var stretched = (Now.AddDays(30).ToUnixTimeSeconds()) + token[token.IndexOf('.', StringComparison.Ordinal)..];

        Assert.Equal(ListenerTokenVerdict.Forged, ListenerToken.Verify(Secret, "jazz", token, Now, "192.0.2.7").Verdict);
        Assert.Equal(ListenerTokenVerdict.Forged, ListenerToken.Verify(Secret + "x", "live", token, Now, "192.0.2.7").Verdict);
        Assert.Equal(ListenerTokenVerdict.Forged, ListenerToken.Verify(Secret, "live", stretched, Now, "192.0.2.7").Verdict);
    }

    [Fact]
    public void A_token_bound_to_an_address_works_from_that_address_only()
    {
        var token = ListenerToken.Sign(Secret, "live", Now.AddMinutes(10), "192.0.2.7");

        Assert.Contains(".ip.", token, StringComparison.Ordinal);
        Assert.True(ListenerToken.Verify(Secret, "live", token, Now, "192.0.2.7").IsValid);
        Assert.Equal(
            new ListenerTokenCheck(ListenerTokenVerdict.Forged, "the listener token is not valid for /live from 198.51.100.1"),
            ListenerToken.Verify(Secret, "live", token, Now, "198.51.100.1"));
    }

    [Theory]
    [InlineData(null, ListenerTokenVerdict.Missing)]
    [InlineData("", ListenerTokenVerdict.Missing)]
    [InlineData("abc", ListenerTokenVerdict.Malformed)]
    [InlineData("-5.abc", ListenerTokenVerdict.Malformed)]
    [InlineData("1.2.3.4", ListenerTokenVerdict.Malformed)]
    [InlineData("1799999999.xx.abc", ListenerTokenVerdict.Malformed)]
    [InlineData("1799999999.abc", ListenerTokenVerdict.Forged)]
    public void Anything_but_a_token_is_refused_with_its_reason(string? token, ListenerTokenVerdict verdict)
    {
        Assert.Equal(verdict, ListenerToken.Verify(Secret, "live", token, Now, "192.0.2.7").Verdict);
    }

    [Fact]
    public void A_channel_without_a_secret_takes_no_token_at_all()
    {
        var check = ListenerToken.Verify("", "live", ListenerToken.Sign("", "live", Now.AddHours(1), null), Now, "192.0.2.7");

        Assert.Equal(new ListenerTokenCheck(ListenerTokenVerdict.NotOffered, "/live takes no listener tokens (it has no token-secret)"), check);
    }
}
