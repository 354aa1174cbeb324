using Airwave.Channels.Registry;
using Xunit;

namespace Airwave.Channels.Tests.Registry;

/// <summary>Every field of a channel added through the admin API is bounded, and the refusal names the field and its limit.</summary>
public sealed class RuntimeChannelLimitsTests
{
    [Fact]
    public void A_password_up_to_the_limit_is_taken_and_a_longer_one_is_named_with_the_limit()
    {
        Assert.Null(RuntimeChannelLimits.CheckPassword(null));
        Assert.Null(RuntimeChannelLimits.CheckPassword(new string('p', RuntimeChannelLimits.MaxPasswordLength)));
        Assert.Equal("password is 921600 characters long; at most 256 are allowed", RuntimeChannelLimits.CheckPassword(new string('p', 900 * 1024)));
    }

    [Fact]
    public void Too_many_upstreams_are_named_with_the_limit()
    {
        Assert.Null(RuntimeChannelLimits.CheckUpstreamCount(RuntimeChannelLimits.MaxUpstreams));
        Assert.Equal("upstreams has 20000 entries; at most 16 are allowed", RuntimeChannelLimits.CheckUpstreamCount(20_000));
    }

    [Fact]
    public void An_upstream_within_every_limit_is_taken()
    {
        var headers = Enumerable.Range(0, RuntimeChannelLimits.MaxHeaders).ToDictionary(i => $"X-H{i}", _ => new string('v', RuntimeChannelLimits.MaxHeaderValueLength));

        Assert.Null(RuntimeChannelLimits.CheckUpstream(0, "http://example.com/" + new string('a', 2000), new string('u', 256), headers));
        Assert.Null(RuntimeChannelLimits.CheckUpstream(0, null, null, null));
    }

    [Theory]
    [InlineData(3000, 0, 0, 0, 0, "upstreams[2].url is 3000 characters long; at most 2048 are allowed")]
    [InlineData(10, 300, 0, 0, 0, "upstreams[2].userAgent is 300 characters long; at most 256 are allowed")]
    [InlineData(10, 0, 17, 0, 0, "upstreams[2].headers has 17 entries; at most 16 are allowed")]
    [InlineData(10, 0, 1, 65, 0, "upstreams[2].headers name is 65 characters long; at most 64 are allowed")]
    [InlineData(10, 0, 1, 0, 1025, "upstreams[2].headers[\"X-H0\"] is 1025 characters long; at most 1024 are allowed")]
    public void An_upstream_field_over_its_limit_is_named_with_the_limit(int url, int userAgent, int headerCount, int headerName, int headerValue, string error)
    {
        var headers = Enumerable.Range(0, headerCount).ToDictionary(i => headerName > 0 ? new string('N', headerName - 1) + i : $"X-H{i}", _ => new string('v', headerValue));

        Assert.Equal(error, RuntimeChannelLimits.CheckUpstream(2, new string('a', url), new string('u', userAgent), headers));
    }

    [Fact]
    public void Line_breaks_in_header_text_are_refused()
    {
        Assert.Equal(
            "upstreams[0].headers[\"X-Token\"] contains control characters (CR, LF, ...), which a header cannot carry",
            RuntimeChannelLimits.CheckUpstream(0, "http://a/", null, new Dictionary<string, string> { ["X-Token"] = "a\r\nHost: evil" }));
        Assert.Equal(
            "upstreams[0].userAgent contains control characters (CR, LF, ...), which a header cannot carry",
            RuntimeChannelLimits.CheckUpstream(0, "http://a/", "agent\n", null));
    }
}
