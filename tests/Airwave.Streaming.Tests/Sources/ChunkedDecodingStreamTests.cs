using System.Text;
using Airwave.Streaming.Sources;
using Xunit;

namespace Airwave.Streaming.Tests.Sources;

public sealed class ChunkedDecodingStreamTests
{
    [Fact]
    public async Task Decodes_chunks_of_several_sizes()
    {
        var payload = await DecodeAsync("3\r\nabc\r\n10\r\n0123456789abcdef\r\n1\r\nZ\r\n0\r\n\r\n");

        Assert.Equal("abc0123456789abcdefZ", payload);
    }

    [Fact]
    public async Task Skips_chunk_extensions_and_accepts_upper_case_hex()
    {
        var payload = await DecodeAsync("A;name=value\r\n0123456789\r\n2 ; x\r\nok\r\n0;last\r\n\r\n");

        Assert.Equal("0123456789ok", payload);
    }

    [Fact]
    public async Task The_zero_chunk_ends_the_body_even_when_more_bytes_follow()
    {
        var stream = new ChunkedDecodingStream(new MemoryStream(Encoding.ASCII.GetBytes("2\r\nhi\r\n0\r\n\r\nGARBAGE")));
        var buffer = new byte[16];

        Assert.Equal(2, await stream.ReadAsync(buffer));
        Assert.Equal(0, await stream.ReadAsync(buffer));
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("\r\nabc\r\n")]
    [InlineData("-1\r\nabc\r\n")]
    [InlineData("ffffffffffffffff\r\nabc\r\n")]
    public async Task A_malformed_size_line_fails(string body) =>
        await Assert.ThrowsAsync<MalformedChunkedBodyException>(() => DecodeAsync(body));

    [Fact]
    public async Task Chunk_data_longer_than_its_size_fails() =>
        await Assert.ThrowsAsync<MalformedChunkedBodyException>(() => DecodeAsync("3\r\nabcdef\r\n0\r\n\r\n"));

    [Fact]
    public async Task A_body_cut_inside_a_size_line_fails() =>
        await Assert.ThrowsAsync<EndOfStreamException>(() => DecodeAsync("3\r\nabc\r\n1"));

    [Fact]
    public async Task An_endless_size_line_fails() =>
        await Assert.ThrowsAsync<MalformedChunkedBodyException>(() => DecodeAsync(new string('1', 5000)));

    [Fact]
    public async Task Small_reads_return_a_chunk_piece_by_piece()
    {
        var stream = new ChunkedDecodingStream(new MemoryStream(Encoding.ASCII.GetBytes("8\r\nabcdefgh\r\n3\r\nxyz\r\n0\r\n\r\n")));
        var buffer = new byte[3];
        var pieces = new List<string>();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            pieces.Add(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.Equal(["abc", "def", "gh", "xyz"], pieces);
    }

    [Fact]
    public async Task Decodes_when_the_inner_stream_delivers_one_byte_at_a_time()
    {
        var inner = new TricklingStream(Encoding.ASCII.GetBytes("5;ext\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));

        using var decoded = new MemoryStream();
        await new ChunkedDecodingStream(inner).CopyToAsync(decoded);

        Assert.Equal("hello world", Encoding.ASCII.GetString(decoded.ToArray()));
    }

    private static async Task<string> DecodeAsync(string body)
    {
        using var decoded = new MemoryStream();
        await new ChunkedDecodingStream(new MemoryStream(Encoding.ASCII.GetBytes(body))).CopyToAsync(decoded);
        return Encoding.ASCII.GetString(decoded.ToArray());
    }

    /// <summary>Hands out at most one byte per read, like a slow network.</summary>
    private sealed class TricklingStream(byte[] bytes) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position == bytes.Length || count == 0)
            {
                return 0;
            }

            buffer[offset] = bytes[position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
