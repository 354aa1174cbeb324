using Airwave.Media;
using Airwave.Streaming.Ingest;
using Airwave.Streaming.Sources;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Airwave.Channels.Ingest;

/// <summary>The ingest graph's middle, shared by pushed sources and pulled upstreams: bytes → frames → chunks, then a buffer toward the channel.</summary>
public static class IngestFlow
{
    /// <summary>
    /// Chunks that may wait for the channel: 8 × the default 500 ms is 4 s of audio, Icecast's 64 KB burst at 128 kbit/s.
    /// </summary>
    /// <remarks>
    /// The strategy is <see cref="OverflowStrategy.Backpressure"/>. A source faster than real time is normal while it sends
    /// its initial burst, and every chunk of it is audio the channel must keep: dropping any (DropHead/DropTail/DropNew)
    /// would cut a hole the channel cannot see, since chunk times come from sample counts, and failing would disconnect a
    /// healthy source. Backpressure instead stops reading the socket, TCP slows the sender, and the channel (which appends
    /// far faster than real time) is never flooded: the sink after this buffer keeps one chunk in flight.
    /// </remarks>
    public const int ChannelBufferChunks = 8;

    /// <summary>Chunks a source's bytes and buffers the chunks toward the channel.</summary>
    /// <param name="expectedFormat">The format the source announced; <see cref="AudioFormat.Unknown"/> to sniff.</param>
    /// <param name="chunkDuration">About how much audio goes into one chunk.</param>
    /// <param name="onLeadingTitle">Called with the title of an ID3 tag at the very start of the stream, before any chunk.</param>
    /// <param name="custody">Holds each chunk until the channel has it.</param>
    public static Flow<ByteString, AssembledChunk, IngestProgress> Create(AudioFormat expectedFormat, TimeSpan chunkDuration, Action<string> onLeadingTitle, ChunkCustody custody) =>
        Flow.FromGraph(new AudioChunking(expectedFormat, chunkDuration, onLeadingTitle, custody))
            .Buffer(ChannelBufferChunks, OverflowStrategy.Backpressure);
}
