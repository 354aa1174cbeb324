using System.Buffers;
using System.IO.Pipelines;
using Akka.IO;
using Akka.Streams.Dsl;
using Akka.Util;

namespace Airwave.Streaming.Ingest;

/// <summary>An Akka.Streams source of the bytes a <see cref="PipeReader"/> reads, one element per read, pulled only on demand.</summary>
/// <remarks>Reads are asynchronous (no thread blocked per source, unlike a stream source on the blocking dispatcher); each read's bytes are copied once into a <see cref="ByteString"/> and consumed from the pipe.</remarks>
public static class PipeReaderSource
{
    /// <summary>Reads until the pipe completes; a read error or cancellation fails the source.</summary>
    /// <param name="reader">The bytes; the caller completes it after the graph ends.</param>
    /// <param name="cancellationToken">Cancels a read in progress, so no read outlives the graph's stop.</param>
    public static Source<ByteString, Akka.NotUsed> Create(PipeReader reader, CancellationToken cancellationToken) =>
        Source.UnfoldAsync(reader, async pipe =>
        {
            while (true)
            {
                var read = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (!buffer.IsEmpty)
                {
                    var bytes = ByteString.FromBytes(buffer.ToArray());
                    pipe.AdvanceTo(buffer.End);
                    return Option<(PipeReader, ByteString)>.Create((pipe, bytes));
                }

                pipe.AdvanceTo(buffer.End);
                if (read.IsCompleted)
                {
                    return Option<(PipeReader, ByteString)>.None;
                }
            }
        });
}
