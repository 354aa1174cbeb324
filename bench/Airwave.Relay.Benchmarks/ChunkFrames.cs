using System.Diagnostics;
using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Relay;

namespace Airwave.Relay.Benchmarks;

/// <summary>
/// The relay feed's chunk frames as both transports carry them: frame header, chunk header and a 0.5 s payload of a
/// 128 kbps channel. The chunk's start ticks hold the sender's <see cref="Stopwatch"/> timestamp, which is the same
/// monotonic clock in every process of this machine, so the receiver can tell each chunk's latency.
/// </summary>
internal static class ChunkFrames
{
    public const int PayloadLength = 8_000;
    public const int FrameLength = FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize + PayloadLength;
    public static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>Writes chunk <paramref name="seq"/>, stamped now, into <paramref name="target"/>.</summary>
    public static void Write(Span<byte> target, long seq)
    {
        var header = new ChunkHeader(seq, Stopwatch.GetTimestamp(), ChunkDuration.Ticks, ChunkMarkers.None, 0, PayloadLength, AudioFormat.Mp3);
        FeedFrames.WriteChunkHeader(target, header, ChunkMarkers.None);
        target.Slice(FeedFrames.FrameHeaderSize + FeedFrames.ChunkHeaderSize, PayloadLength).Fill((byte)seq);
    }

    /// <summary>A new array holding chunk <paramref name="seq"/>, stamped now (what a message-per-chunk transport must send).</summary>
    public static byte[] Create(long seq)
    {
        var frame = new byte[FrameLength];
        Write(frame, seq);
        return frame;
    }

    /// <summary>Reads a chunk frame's body: its sequence number and its latency in milliseconds.</summary>
    public static (long Seq, double LatencyMs) Read(ReadOnlySpan<byte> body)
    {
        if (!FeedFrames.TryReadChunkHeader(body, body.Length, out var header) || header.PayloadLength != PayloadLength)
        {
            throw new InvalidDataException("not a bench chunk");
        }

        return (header.Seq, Stopwatch.GetElapsedTime(header.StartTicks).TotalMilliseconds);
    }
}
