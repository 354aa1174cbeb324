using System.Globalization;

namespace Airwave.Streaming.Sources;

/// <summary>Reads the payload of an HTTP/1.1 <c>Transfer-Encoding: chunked</c> body (curl <c>-T -</c>, some encoders).</summary>
/// <remarks>Chunk extensions and trailers are skipped; a malformed size line ends the body with a <see cref="MalformedChunkedBodyException"/>.</remarks>
public sealed class ChunkedDecodingStream : Stream
{
    private const int MaxSizeLine = 1024;
    private readonly Stream inner;
    private readonly byte[] one = new byte[1];
    private long remainingInChunk;
    private bool finished;

    /// <summary>Decodes the chunked body read from <paramref name="inner"/>.</summary>
    public ChunkedDecodingStream(Stream inner) => this.inner = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (finished || buffer.IsEmpty)
        {
            return 0;
        }

        if (remainingInChunk == 0)
        {
            remainingInChunk = await ReadChunkSizeAsync(cancellationToken).ConfigureAwait(false);
            if (remainingInChunk == 0)
            {
                finished = true;
                return 0;
            }
        }

        var wanted = (int)Math.Min(buffer.Length, remainingInChunk);
        var read = await inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            finished = true;
            return 0;
        }

        remainingInChunk -= read;
        if (remainingInChunk == 0)
        {
            await ExpectLineEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("use ReadAsync");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async ValueTask<long> ReadChunkSizeAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var extension = line.IndexOf(';', StringComparison.Ordinal);
        var hex = (extension < 0 ? line : line[..extension]).Trim();
        if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
        {
            throw new MalformedChunkedBodyException($"malformed chunk size \"{hex}\"");
        }

        return size;
    }

    private async ValueTask ExpectLineEndAsync(CancellationToken cancellationToken)
    {
        var rest = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (rest.Length != 0)
        {
            throw new MalformedChunkedBodyException("chunk data longer than its declared size");
        }
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new System.Text.StringBuilder();
        while (line.Length <= MaxSizeLine)
        {
            var read = await inner.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("chunked body ended inside a size line");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        throw new MalformedChunkedBodyException($"chunk size line longer than {MaxSizeLine} bytes");
    }
}
