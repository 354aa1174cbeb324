using System.Buffers;
using System.Text;
using Airwave.Streaming.Sources;
using Xunit;

namespace Airwave.Streaming.Tests.Sources;

public sealed class SourceRequestHeadParserTests
{
    private const string PutHead =
        "PUT /live HTTP/1.1\r\nHost: localhost:8000\r\nAuthorization: Basic c291cmNlOmhhY2ttZQ==\r\nContent-Type: audio/mpeg\r\nIce-Name: Morning Show\r\n\r\n";

    [Theory]
    [InlineData("PUT /live HTTP/1.1\r\n", RequestHeadKind.Source)]
    [InlineData("SOURCE /live ICE/1.0\r\n", RequestHeadKind.Source)]
    [InlineData("GET /live HTTP/1.1\r\n", RequestHeadKind.Listener)]
    [InlineData("HEAD /live HTTP/1.1\r\n", RequestHeadKind.Listener)]
    [InlineData("POST /x HTTP/1.1\r\n", RequestHeadKind.Other)]
    [InlineData("PUTS /x", RequestHeadKind.Other)]
    [InlineData("X", RequestHeadKind.Other)]
    public void Classifies_a_connection_by_its_first_bytes(string start, RequestHeadKind expected)
    {
        Assert.True(SourceRequestHeadParser.TryClassify(Sequence(start), out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PU")]
    [InlineData("PUT")]
    [InlineData("SOU")]
    [InlineData("SOURCE")]
    [InlineData("G")]
    [InlineData("HEAD")]
    public void Stays_undecided_on_a_prefix_of_a_source_or_listener_method(string start) =>
        Assert.False(SourceRequestHeadParser.TryClassify(Sequence(start), out _));

    [Fact]
    public void Classifies_a_prefix_split_over_segments() =>
        Assert.True(SourceRequestHeadParser.TryClassify(Segmented("SO", "UR", "CE /a"), out var kind) && kind == RequestHeadKind.Source);

    [Fact]
    public void Parses_a_PUT_head_with_case_insensitive_headers()
    {
        var result = SourceRequestHeadParser.Parse(Sequence(PutHead));

        Assert.Equal(SourceHeadStatus.Complete, result.Status);
        var head = result.Head!;
        Assert.Equal("PUT", head.Method);
        Assert.Equal("/live", head.Mount);
        Assert.Equal("HTTP/1.1", head.Protocol);
        Assert.False(head.IsLegacySource);
        Assert.Equal("audio/mpeg", head.Header("content-type"));
        Assert.Equal("Morning Show", head.Header("ICE-NAME"));
        Assert.Null(head.Header("ice-genre"));
    }

    [Fact]
    public void Parses_a_legacy_SOURCE_head_and_strips_the_query_from_the_mount()
    {
        var result = SourceRequestHeadParser.Parse(Sequence("SOURCE /live?x=1 ICE/1.0\r\nicy-name: Old\r\ncontent-type: audio/aacp\r\n\r\n"));

        Assert.Equal(SourceHeadStatus.Complete, result.Status);
        Assert.True(result.Head!.IsLegacySource);
        Assert.Equal("/live?x=1", result.Head.Path);
        Assert.Equal("/live", result.Head.Mount);
        Assert.Equal("ICE/1.0", result.Head.Protocol);
        Assert.Equal("Old", result.Head.Header("Icy-Name"));
    }

    [Fact]
    public void Consumed_points_at_the_first_body_byte()
    {
        var body = new byte[] { 0xFF, 0xFB, 0x90, 0x64 };
        var bytes = Encoding.ASCII.GetBytes(PutHead).Concat(body).ToArray();

        var result = SourceRequestHeadParser.Parse(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(Encoding.ASCII.GetByteCount(PutHead), result.Consumed);
        Assert.Equal(body, bytes[(int)result.Consumed..]);
    }

    [Fact]
    public void Parses_a_head_split_across_segments_even_inside_the_blank_line()
    {
        var cut1 = PutHead.IndexOf("Content", StringComparison.Ordinal);
        var cut2 = PutHead.Length - 3;
        var sequence = Segmented(PutHead[..cut1], PutHead[cut1..cut2], PutHead[cut2..] + "AUDIO");

        var result = SourceRequestHeadParser.Parse(sequence);

        Assert.Equal(SourceHeadStatus.Complete, result.Status);
        Assert.Equal("audio/mpeg", result.Head!.Header("Content-Type"));
        Assert.Equal(PutHead.Length, result.Consumed);
        Assert.Equal("AUDIO", Encoding.ASCII.GetString(sequence.Slice(result.Consumed)));
    }

    [Fact]
    public void Needs_more_until_the_blank_line_arrives() =>
        Assert.Equal(SourceHeadStatus.NeedMore, SourceRequestHeadParser.Parse(Sequence(PutHead[..^2])).Status);

    [Theory]
    [InlineData("PUT live HTTP/1.1\r\n\r\n")]
    [InlineData("PUT /live\r\n\r\n")]
    [InlineData("PUT /live HTTP/1.1 extra\r\n\r\n")]
    [InlineData("GET /live HTTP/1.1\r\n\r\n")]
    [InlineData("PUT /live HTTP/1.1\r\nno colon here\r\n\r\n")]
    [InlineData("PUT /live HTTP/1.1\r\n: empty name\r\n\r\n")]
    public void Refuses_a_malformed_head(string text)
    {
        var result = SourceRequestHeadParser.Parse(Sequence(text));

        Assert.Equal(SourceHeadStatus.Malformed, result.Status);
        Assert.NotNull(result.Error);
        Assert.Null(result.Head);
    }

    [Fact]
    public void Parses_a_listener_head_with_its_query()
    {
        var result = SourceRequestHeadParser.ParseListener(Sequence("GET /live?offset=60 HTTP/1.1\r\nIcy-MetaData: 1\r\n\r\n"));

        Assert.Equal(SourceHeadStatus.Complete, result.Status);
        Assert.Equal("/live", result.Head!.Mount);
        Assert.Equal("?offset=60", result.Head.Query);
        Assert.Equal("1", result.Head.Header("icy-metadata"));
    }

    [Theory]
    [InlineData("PUT /live HTTP/1.1\r\n\r\n")]
    [InlineData("GET /live ICE/1.0\r\n\r\n")]
    public void Refuses_a_non_listener_head_as_a_listener(string text) =>
        Assert.Equal(SourceHeadStatus.Malformed, SourceRequestHeadParser.ParseListener(Sequence(text)).Status);

    [Theory]
    [InlineData("HTTP/2.0")]
    [InlineData("ICE/2.0")]
    [InlineData("http/1.1")]
    public void Refuses_an_unknown_protocol(string protocol)
    {
        var result = SourceRequestHeadParser.Parse(Sequence($"PUT /live {protocol}\r\n\r\n"));

        Assert.Equal(SourceHeadStatus.Malformed, result.Status);
        Assert.Contains(protocol, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_head_larger_than_the_limit_without_a_blank_line()
    {
        var text = "PUT /live HTTP/1.1\r\nX-Pad: " + new string('a', SourceRequestHeadParser.MaxHeadBytes);

        Assert.Equal(SourceHeadStatus.TooLarge, SourceRequestHeadParser.Parse(Sequence(text)).Status);
    }

    [Fact]
    public void Refuses_a_complete_head_larger_than_the_limit()
    {
        var text = "PUT /live HTTP/1.1\r\nX-Pad: " + new string('a', SourceRequestHeadParser.MaxHeadBytes) + "\r\n\r\n";

        Assert.Equal(SourceHeadStatus.TooLarge, SourceRequestHeadParser.Parse(Sequence(text)).Status);
    }

    [Fact]
    public void Refuses_too_many_header_fields()
    {
        var headers = string.Concat(Enumerable.Range(0, 65).Select(i => $"X-H{i}: v\r\n"));

        var result = SourceRequestHeadParser.Parse(Sequence("PUT /live HTTP/1.1\r\n" + headers + "\r\n"));

        Assert.Equal(SourceHeadStatus.TooLarge, result.Status);
    }

    [Fact]
    public void Accepts_exactly_the_maximum_number_of_header_fields()
    {
        var headers = string.Concat(Enumerable.Range(0, 64).Select(i => $"X-H{i}: v\r\n"));

        Assert.Equal(SourceHeadStatus.Complete, SourceRequestHeadParser.Parse(Sequence("PUT /live HTTP/1.1\r\n" + headers + "\r\n")).Status);
    }

    [Fact]
    public void The_last_value_of_a_repeated_header_wins() =>
        Assert.Equal("b", SourceRequestHeadParser.Parse(Sequence("PUT /live HTTP/1.0\r\nice-name: a\r\nICE-NAME: b\r\n\r\n")).Head!.Header("ice-name"));

    [Fact]
    public void A_value_loses_the_whitespace_around_it_and_keeps_what_is_inside()
    {
        var head = SourceRequestHeadParser.ParseListener(Sequence("GET /live HTTP/1.1\r\n  User-Agent \t:\t VLC/3.0.20 LibVLC/3.0.20 \t\r\nX-Empty:\r\nX-Latin: caf\u00e9\u00a0\r\n\r\n")).Head!;
        Assert.Equal("VLC/3.0.20 LibVLC/3.0.20", head.Header("user-agent"));
        Assert.Equal("", head.Header("X-Empty"));
        Assert.Equal("caf\u00e9", head.Header("x-latin"));
        Assert.Null(head.Header("X-Emp"));
    }

    [Fact]
    public void A_value_s_bytes_are_the_last_value_as_it_came()
    {
        var head = SourceRequestHeadParser.ParseListener(Sequence("GET /live HTTP/1.1\r\nUser-Agent: a\r\nuser-agent:  VLC/3.0.20 caf\u00e9 \r\nX-Empty:\r\n\r\n")).Head!;
        Assert.Equal(Encoding.Latin1.GetBytes("VLC/3.0.20 caf\u00e9"), head.LastValue("USER-AGENT").ToArray());
        Assert.True(head.LastValue("X-Empty").IsEmpty);
        Assert.True(head.LastValue("Referer").IsEmpty);
    }

    [Fact]
    public void Repeated_framing_fields_read_as_one_list_and_others_as_their_last_value()
    {
        var head = SourceRequestHeadParser.ParseListener(Sequence("GET /live HTTP/1.1\r\nContent-Length: 0\r\nUpgrade: a\r\ncontent-length: 0\r\nUpgrade: b\r\n\r\n")).Head!;
        Assert.Equal("0, 0", head.Header("Content-Length"));
        Assert.Equal("b", head.Header("upgrade"));
        Assert.True(head.HasBodyOrUpgrade);
    }

    [Theory]
    [InlineData("GET  /live   HTTP/1.1", "/live")]
    [InlineData("HEAD /live?offset=5 HTTP/1.0", "/live?offset=5")]
    public void The_request_line_s_words_may_be_separated_by_several_spaces(string requestLine, string path)
    {
        var result = SourceRequestHeadParser.ParseListener(Sequence(requestLine + "\r\n\r\n"));
        Assert.Equal(SourceHeadStatus.Complete, result.Status);
        Assert.Equal(path, result.Head!.Path);
    }

    [Theory]
    [InlineData("Content-Length: -1\r\n", "Content-Length \"-1\" is not a number of bytes")]
    [InlineData("Content-Length: abc\r\n", "Content-Length \"abc\" is not a number of bytes")]
    [InlineData("Content-Length: +5\r\n", "Content-Length \"+5\" is not a number of bytes")]
    [InlineData("Content-Length: \r\n", "Content-Length \"\" is not a number of bytes")]
    [InlineData("Content-Length: 99999999999999999999\r\n", "Content-Length \"99999999999999999999\" is not a number of bytes")]
    [InlineData("Content-Length: 5\r\nContent-Length: 7\r\n", "Content-Length \"5, 7\" is not a number of bytes")]
    [InlineData("Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding \"gzip, chunked\" is not supported: only chunked alone")]
    [InlineData("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding \"gzip, chunked\" is not supported: only chunked alone")]
    [InlineData("Transfer-Encoding: chunked, chunked\r\n", "Transfer-Encoding \"chunked, chunked\" is not supported: only chunked alone")]
    [InlineData("Transfer-Encoding: chunked, gzip\r\n", "Transfer-Encoding \"chunked, gzip\" does not end with chunked, so the body has no length")]
    [InlineData("Transfer-Encoding: identity\r\n", "Transfer-Encoding \"identity\" does not end with chunked, so the body has no length")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 10\r\n", "Content-Length and Transfer-Encoding together: send one of them")]
    public void A_source_head_whose_body_length_cannot_be_determined_is_malformed(string headers, string reason)
    {
        var result = SourceRequestHeadParser.Parse(Sequence("PUT /live HTTP/1.1\r\n" + headers + "\r\n"));

        Assert.Equal(SourceHeadStatus.Malformed, result.Status);
        Assert.Equal(reason, result.Error);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: Chunked\r\n")]
    [InlineData("Content-Length: 0\r\n")]
    [InlineData("Content-Length: 123456\r\n")]
    public void A_source_head_with_a_readable_body_length_is_accepted(string headers) =>
        Assert.Equal(SourceHeadStatus.Complete, SourceRequestHeadParser.Parse(Sequence("PUT /live HTTP/1.1\r\n" + headers + "\r\n")).Status);

    [Fact]
    public void A_listener_head_is_not_judged_by_its_body_framing_here() =>
        Assert.Equal(SourceHeadStatus.Complete, SourceRequestHeadParser.ParseListener(Sequence("GET /live HTTP/1.1\r\nContent-Length: abc\r\n\r\n")).Status);

    private static ReadOnlySequence<byte> Sequence(string text) => new(Encoding.Latin1.GetBytes(text));

    private static ReadOnlySequence<byte> Segmented(params string[] parts)
    {
        var segments = parts.Select(p => new Segment(Encoding.Latin1.GetBytes(p))).ToArray();
        for (var i = 1; i < segments.Length; i++)
        {
            segments[i - 1].Link(segments[i]);
        }

        return new ReadOnlySequence<byte>(segments[0], 0, segments[^1], segments[^1].Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public void Link(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
