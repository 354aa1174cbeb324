using System.Buffers.Binary;
using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Tests.Rewind;

/// <summary>Builds chunks whose payload is a pattern derived from the sequence number, so any torn or stale byte is detectable.</summary>
internal static class TestChunks
{
    public static readonly DateTime Origin = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    public static ChunkHeader Header(long seq, long startTicks, long durationTicks, int length) =>
        new(seq, startTicks, durationTicks, ChunkMarkers.RandomAccess, 1, length, AudioFormat.Mp3);

    public static ChunkHeader Header(long seq, TimeSpan start, TimeSpan duration, int length) =>
        Header(seq, Origin.Ticks + start.Ticks, duration.Ticks, length);

    public static void Fill(Span<byte> payload, long seq)
    {
        var state = (ulong)seq * 0x9E3779B97F4A7C15UL + 1;
        for (var i = 0; i < payload.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            payload[i] = (byte)state;
        }

        if (payload.Length >= 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload, seq);
        }
    }

    public static byte[] Payload(long seq, int length)
    {
        var bytes = new byte[length];
        Fill(bytes, seq);
        return bytes;
    }

    public static bool Matches(ReadOnlySpan<byte> payload, long seq)
    {
        Span<byte> expected = payload.Length <= 4096 ? stackalloc byte[payload.Length] : new byte[payload.Length];
        Fill(expected, seq);
        return payload.SequenceEqual(expected);
    }

    /// <summary>Appends chunks <paramref name="firstSeq"/>.. of equal duration back to back starting at <paramref name="start"/>.</summary>
    public static void AppendRun(RewindBuffer buffer, long firstSeq, int count, TimeSpan start, TimeSpan duration, int length)
    {
        for (var i = 0; i < count; i++)
        {
            var seq = firstSeq + i;
            buffer.Append(Header(seq, start + (duration * i), duration, length), Payload(seq, length));
        }
    }

    public static RewindBuffer NewBuffer(TimeSpan maxDuration, TimeSpan? guard = null, int slabSize = 4096) =>
        new(new RewindBufferOptions
        {
            MaxDuration = maxDuration,
            RecycleGuard = guard ?? TimeSpan.Zero,
            SlabPool = new SlabPool(slabSize, 16),
            InitialChunkCapacity = 4,
        });
}
