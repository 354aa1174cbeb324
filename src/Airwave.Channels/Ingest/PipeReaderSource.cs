using System.Buffers;
using System.IO.Pipelines;
using Akka.IO;
using Akka.Streams.Dsl;
using Akka.Util;

namespace Airwave.Channels.Ingest;

/// <summary>An Akka.Streams source of the bytes a <see cref="PipeReader"/> reads, one element per read, pulled only on demand.</summary>
/// <remarks>Reads are asynchronous (no thread blocked per source, unlike a stream source on the blocking dispatcher); each read's bytes are copied once into a <see cref="ByteString"/> and consumed from the pipe.</remarks>
public static class PipeReaderSource
{
    /// <summary>A read at least this large means the source is behind: the next read starts at once, whatever the interval.</summary>
    private const int CatchUpBytes = 8 * 1024;

    /// <summary>Reads until the pipe completes; a read error or cancellation fails the source.</summary>
    /// <param name="reader">The bytes; the caller completes it after the graph ends.</param>
    /// <param name="cancellationToken">Cancels a read in progress, so no read outlives the graph's stop.</param>
    /// <param name="pacer">
    /// While the source keeps up (its last read was under 8 KiB), each read waits for the pacer's next tick; what arrives
    /// meanwhile waits in the socket and comes with that read. An upstream that sends a slice every 100 ms otherwise costs
    /// a wake-up per slice through the whole graph. A source that is behind reads on at once. Null: read at once, always.
    /// </param>
    /// <param name="mark">The source socket's receive mark, told of every read; null when the bytes do not come straight from a socket.</param>
    public static Source<ByteString, Akka.NotUsed> Create(PipeReader reader, CancellationToken cancellationToken, ReadPacer? pacer = null, ReceiveMark? mark = null) =>
        Source.UnfoldAsync(new ReadState(reader, false), async state =>
        {
            if (state.KeepingUp && pacer is not null)
            {
                await pacer.NextTickAsync(cancellationToken).ConfigureAwait(false);
            }

            var pipe = state.Reader;
            while (true)
            {
                var read = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (!buffer.IsEmpty)
                {
                    var bytes = ByteString.FromBytes(buffer.ToArray());
                    pipe.AdvanceTo(buffer.End);
                    mark?.Read();
                    return Option<(ReadState, ByteString)>.Create((new ReadState(pipe, bytes.Count < CatchUpBytes), bytes));
                }

                pipe.AdvanceTo(buffer.End);
                if (read.IsCompleted)
                {
                    return Option<(ReadState, ByteString)>.None;
                }
            }
        });

    private sealed record ReadState(PipeReader Reader, bool KeepingUp);
}
