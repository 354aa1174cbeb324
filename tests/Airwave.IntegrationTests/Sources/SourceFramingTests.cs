using System.Text;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>A source whose body length cannot be determined (RFC 9112 §6) is answered 400 with the reason instead of being read as audio.</summary>
public sealed class SourceFramingTests(RefusalNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<RefusalNode>
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData("Content-Length: -1", "Content-Length \"-1\" is not a number of bytes")]
    [InlineData("Content-Length: abc", "Content-Length \"abc\" is not a number of bytes")]
    [InlineData("Content-Length: 5\r\nContent-Length: 7", "Content-Length \"5, 7\" is not a number of bytes")]
    [InlineData("Transfer-Encoding: gzip, chunked", "Transfer-Encoding \"gzip, chunked\" is not supported: only chunked alone")]
    [InlineData("Transfer-Encoding: chunked, gzip", "Transfer-Encoding \"chunked, gzip\" does not end with chunked")]
    [InlineData("Transfer-Encoding: gzip", "Transfer-Encoding \"gzip\" does not end with chunked")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 100", "Content-Length and Transfer-Encoding together")]
    public async Task Body_framing_the_node_cannot_read_is_answered_400_with_the_reason(string framing, string reason)
    {
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendAsync(Head(framing));

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(400, response.Status);
        Assert.Contains(reason, response.Body, StringComparison.Ordinal);
        Assert.True(await source.WaitForCloseAsync(AnswerTimeout), "the node kept the connection open after the 400");
        Assert.NotEqual("connected", (await node.ChannelAsync("framed")).Source());
    }

    [Fact]
    public async Task A_malformed_chunk_size_before_any_audio_is_answered_400()
    {
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendAsync(Head("Transfer-Encoding: chunked"));
        await source.SendAsync(Encoding.ASCII.GetBytes("zz\r\nabc\r\n"));

        var response = await source.ReadResponseAsync(AnswerTimeout);

        Assert.Equal(400, response.Status);
        Assert.Contains("malformed chunk size \"zz\"", response.Body, StringComparison.Ordinal);
        Assert.True(await source.WaitForCloseAsync(AnswerTimeout), "the node kept the connection open after the 400");
    }

    [Fact]
    public async Task A_malformed_chunk_size_after_the_200_closes_the_connection_and_keeps_the_audio_sent()
    {
        var audio = Mp3Frames.Read(Fixtures.Mp3Stereo128, 80);
        using var source = await RawSourceClient.ConnectAsync(node.HttpPort);
        await source.SendAsync(Head("Transfer-Encoding: chunked"));
        await source.SendAsync(Encoding.ASCII.GetBytes($"{audio.Length:x}\r\n"));
        await source.SendAsync(audio);
        await source.SendAsync("\r\n"u8.ToArray());
        Assert.Equal(200, (await source.ReadResponseAsync(AnswerTimeout)).Status);
        await node.WaitForSourceAudioAsync("framed", 1);

        var mark = node.Log.Mark;
        await source.SendAsync(Encoding.ASCII.GetBytes("not-hex\r\n"));

        Assert.True(await source.WaitForCloseAsync(AnswerTimeout), "the node kept reading after a malformed chunk size");
        await node.WaitForChannelAsync("framed", c => c.Source() != "connected", "the source is detached");
        await Poll.UntilAsync(
            () => Task.FromResult(node.Log.Since(mark)),
            log => log.Contains("sent a malformed chunked body: malformed chunk size \"not-hex\"", StringComparison.Ordinal),
            AnswerTimeout,
            "the malformed chunk's reason in the node's log");
    }

    private static byte[] Head(string framing)
    {
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes("source:pw-framed"));
        return Encoding.ASCII.GetBytes(
            $"PUT /framed HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {credentials}\r\nContent-Type: audio/mpeg\r\n{framing}\r\n\r\n");
    }
}
