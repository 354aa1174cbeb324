using System.Buffers;
using Airwave.Media;
using Airwave.Media.Framing;

namespace Airwave.Streaming.Sources;

/// <summary>Groups whole frames into chunks of about the configured duration; chunk length comes from samples, not arrival time.</summary>
public sealed class ChunkAssembler : IDisposable
{
    private readonly int targetSamplesAt48k;
    private byte[] buffer;
    private int length;
    private int samples;
    private int sampleRate;
    private AudioFormat format;
    private int channels;
    private int bitrate;

    /// <summary>Assembles chunks of about <paramref name="targetDuration"/>.</summary>
    public ChunkAssembler(TimeSpan targetDuration)
    {
        targetSamplesAt48k = (int)Math.Max(1, targetDuration.TotalSeconds * 48_000);
        buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>Bytes waiting in the chunk being assembled.</summary>
    public int PendingBytes => length;

    /// <summary>Adds a frame; returns a finished chunk when the target duration is reached, otherwise null.</summary>
    /// <remarks>A change of sample rate or format closes the chunk before the new frame, so a chunk never mixes them.</remarks>
    public AssembledChunk? Add(in AudioFrame frame)
    {
        if (frame.InfoTag != Airwave.Media.Mp3.Mp3InfoTagKind.None)
        {
            return null;
        }

        AssembledChunk? finished = null;
        if (samples > 0 && (frame.SampleRate != sampleRate || frame.Format != format))
        {
            finished = Take();
        }

        Append(frame);
        if (finished is null && (long)samples * 48_000 >= (long)targetSamplesAt48k * sampleRate)
        {
            finished = Take();
        }

        return finished;
    }

    /// <summary>Hands out what is pending as a chunk (at the end of a source), or null when nothing is.</summary>
    public AssembledChunk? Flush() => samples > 0 ? Take() : null;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    private void Append(in AudioFrame frame)
    {
        var needed = length + frame.Length;
        if (needed > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        frame.Data.CopyTo(buffer.AsSpan(length));
        length = needed;
        samples += frame.Samples;
        sampleRate = frame.SampleRate;
        format = frame.Format;
        channels = frame.Channels;
        bitrate = frame.Bitrate;
    }

    private AssembledChunk Take()
    {
        var chunk = new AssembledChunk(buffer, length, samples, sampleRate, format, channels, bitrate);
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64 * 1024, length));
        length = 0;
        samples = 0;
        return chunk;
    }
}
