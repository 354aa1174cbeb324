using Airwave.Media;
using Airwave.Media.Ts;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Sources;

namespace Airwave.Streaming.Upstreams;

/// <summary>Turns a transport stream into channel chunks: cut by <see cref="TsChunker"/>, timed at 90 kHz, bitrate averaged over the connection.</summary>
/// <param name="chunkDuration">About how much of the stream goes into one chunk.</param>
/// <param name="ingest">Takes every finished chunk: the channel (HLS segments) or the TS ingest graph.</param>
public sealed class TsChunkFeed(TimeSpan chunkDuration, Action<AssembledChunk> ingest) : IMediaFeed
{
    private readonly TsChunker chunker = new(chunkDuration);
    private long bytes;
    private long duration;
    private bool discontinuity;

    /// <summary>Aligned packets read so far.</summary>
    public long Packets => chunker.Packets;

    /// <summary>Bytes skipped while searching for sync.</summary>
    public long SkippedBytes => chunker.SkippedBytes;

    /// <summary>Feeds stream bytes and hands every finished chunk on.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        chunker.Write(data);
        Drain();
    }

    /// <summary>The stream breaks here (HLS discontinuity, skipped segment): the next chunk is a discontinuity.</summary>
    public void Break()
    {
        chunker.MarkDiscontinuity();
        discontinuity = true;
        Drain();
    }

    /// <summary>Hands what is pending on as a last chunk.</summary>
    public void Complete()
    {
        chunker.Complete();
        Drain();
    }

    public void Dispose() => chunker.Dispose();

    private void Drain()
    {
        while (chunker.TryTake(out var chunk))
        {
            bytes += chunk.Length;
            duration += chunk.Duration;
            var bitrate = duration > 0 ? (int)Math.Min(int.MaxValue, bytes * 8 * PesTimestamp.ClockRate / duration / 8000 * 8000) : 0;
            var markers = (chunk.RandomAccess ? ChunkMarkers.RandomAccess : ChunkMarkers.None)
                | (chunk.Discontinuity || discontinuity ? ChunkMarkers.Discontinuity : ChunkMarkers.None);
            discontinuity = false;
            ingest(new AssembledChunk(chunk.Buffer, chunk.Length, (int)Math.Min(int.MaxValue, chunk.Duration), PesTimestamp.ClockRate, AudioFormat.MpegTs, 0, bitrate)
            {
                Markers = markers,
            });
        }
    }
}
