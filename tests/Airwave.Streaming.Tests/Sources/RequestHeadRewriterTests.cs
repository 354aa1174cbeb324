using System.Buffers;
using System.Text;
using Airwave.Streaming.Sources;
using Xunit;

namespace Airwave.Streaming.Tests.Sources;

public sealed class RequestHeadRewriterTests
{
    [Fact]
    public void Inserts_the_line_right_after_the_request_line_and_keeps_every_other_byte()
    {
        const string head = "PUT /live?x=1 HTTP/1.1\r\nHost: a:8000\r\nAuthorization: Basic c291cmNlOnB3\r\nice-name:  Two  spaces \r\nExpect: 100-continue\r\n\r\n";

        var rewritten = RequestHeadRewriter.InsertHeaderLine(Encoding.Latin1.GetBytes(head), "X-Forwarded-By", "node-b:8000");

        Assert.Equal(
            "PUT /live?x=1 HTTP/1.1\r\nX-Forwarded-By: node-b:8000\r\nHost: a:8000\r\nAuthorization: Basic c291cmNlOnB3\r\nice-name:  Two  spaces \r\nExpect: 100-continue\r\n\r\n",
            Encoding.Latin1.GetString(rewritten));
    }

    [Fact]
    public void Keeps_a_legacy_SOURCE_head_with_Latin1_bytes_intact()
    {
        var head = Encoding.Latin1.GetBytes("SOURCE /live ICE/1.0\r\nicy-name: Caf\u00e9 \u00ff\r\n\r\n");

        var rewritten = RequestHeadRewriter.InsertHeaderLine(head, "X-Forwarded-By", "10.0.0.2:8000");

        Assert.Equal(Encoding.Latin1.GetBytes("SOURCE /live ICE/1.0\r\nX-Forwarded-By: 10.0.0.2:8000\r\nicy-name: Caf\u00e9 \u00ff\r\n\r\n"), rewritten);
    }

    [Fact]
    public void A_head_of_only_a_request_line_stays_a_complete_head()
    {
        var rewritten = RequestHeadRewriter.InsertHeaderLine("PUT /live HTTP/1.0\r\n\r\n"u8, "X-Forwarded-By", "n:1");

        var parsed = SourceRequestHeadParser.Parse(new ReadOnlySequence<byte>(rewritten));

        Assert.Equal(SourceHeadStatus.Complete, parsed.Status);
        Assert.Equal(rewritten.Length, parsed.Consumed);
        Assert.Equal("n:1", parsed.Head!.Header("x-forwarded-by"));
    }

    [Theory]
    [InlineData("X-Forwarded-By", "a\r\nEvil: 1")]
    [InlineData("X-Forwarded-By", "a\n")]
    [InlineData("X Forwarded", "a")]
    [InlineData("X-A:", "a")]
    [InlineData("", "a")]
    public void Refuses_a_name_or_value_that_would_break_the_head(string name, string value) =>
        Assert.Throws<ArgumentException>(() => RequestHeadRewriter.InsertHeaderLine("PUT /live HTTP/1.1\r\n\r\n"u8, name, value));

    [Fact]
    public void Refuses_a_head_without_a_request_line() =>
        Assert.Throws<ArgumentException>(() => RequestHeadRewriter.InsertHeaderLine("PUT /live HTTP/1.1"u8, "X-A", "b"));
}
