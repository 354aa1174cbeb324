using System.Buffers;
using Airwave.Media.Framing;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Sources;

namespace Airwave.Streaming.Upstreams;

/// <summary>Frames packed-audio HLS segments (ADTS AAC or MP3, ID3 tags skipped) into chunks of the channel's chunk duration.</summary>
/// <param name="chunkDuration">About how much audio goes into one chunk.</param>
/// <param name="ingest">Takes every finished chunk.</param>
public sealed class PackedAudioFeed(TimeSpan chunkDuration, Action<AssembledChunk> ingest) : IMediaFeed
{
    private readonly AudioFramer framer = new();
    private readonly ChunkAssembler assembler = new(chunkDuration);
    private bool discontinuity;

    public void Write(ReadOnlySpan<byte> data)
    {
        var buffer = new ReadOnlySequence<byte>(data.ToArray());
        while (framer.Read(ref buffer, isCompleted: true, out var frame) == AudioFramerStatus.Frame)
        {
            if (assembler.Add(frame) is { } chunk)
            {
                Send(chunk);
            }
        }
    }

    public void Break()
    {
        Complete();
        framer.Reset();
        discontinuity = true;
    }

    public void Complete()
    {
        if (assembler.Flush() is { } last)
        {
            Send(last);
        }
    }

    public void Dispose() => assembler.Dispose();

    private void Send(AssembledChunk chunk)
    {
        ingest(discontinuity ? chunk with { Markers = chunk.Markers | ChunkMarkers.Discontinuity } : chunk);
        discontinuity = false;
    }
}
