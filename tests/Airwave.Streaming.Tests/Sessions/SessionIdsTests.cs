using Airwave.Streaming.Sessions;
using Xunit;

namespace Airwave.Streaming.Tests.Sessions;

public sealed class SessionIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("0123456789abcdef0123456789ABCDEF")]
    [InlineData("player-7_tab-2")]
    public void Letters_digits_dashes_and_underscores_are_valid(string id) => Assert.True(SessionIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("../etc")]
    [InlineData("quote\"")]
    [InlineData("ümlaut")]
    [InlineData("new\nline")]
    public void Anything_else_is_invalid(string id) => Assert.False(SessionIds.IsValid(id));

    [Fact]
    public void Sixty_four_characters_are_the_most()
    {
        Assert.True(SessionIds.IsValid(new string('x', 64)));
        Assert.False(SessionIds.IsValid(new string('x', 65)));
    }

    [Fact]
    public void New_ids_are_valid_and_differ()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => SessionIds.New()).ToList();

        Assert.All(ids, id => Assert.True(SessionIds.IsValid(id), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_valid_query_id_wins_over_the_cookie_and_an_invalid_one_falls_back_to_it()
    {
        Assert.Equal("from-query", SessionIds.Presented("from-query", "from-cookie"));
        Assert.Equal("from-cookie", SessionIds.Presented("not valid!", "from-cookie"));
        Assert.Equal("from-cookie", SessionIds.Presented(null, "from-cookie"));
        Assert.Null(SessionIds.Presented("", "bad cookie"));
        Assert.Null(SessionIds.Presented(null, null));
    }

    [Theory]
    [InlineData("airwave-sid=abc", "abc")]
    [InlineData("theme=dark; airwave-sid=abc-1; other=x", "abc-1")]
    [InlineData("airwave-sid = \"quoted\"", "quoted")]
    [InlineData("not-airwave-sid=abc", null)]
    [InlineData("theme=dark", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_cookie_is_found_among_others(string? header, string? expected) => Assert.Equal(expected, SessionIds.FromCookieHeader(header));
}
