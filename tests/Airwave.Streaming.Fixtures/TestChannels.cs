using System.Buffers;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Sources;

namespace Airwave.Streaming.Fixtures;

/// <summary>Channels and chunks for tests: payloads carry their sequence number so order, gaps and duplicates show.</summary>
public static class TestChannels
{
    public static readonly DateTime Origin = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    public static readonly TimeSpan HalfSecond = TimeSpan.FromMilliseconds(500);

    public static ChannelSettings Settings(string name = "live") =>
        new() { Name = name, Password = "hackme", DumpInterval = TimeSpan.FromHours(1), SourceWait = TimeSpan.FromMinutes(5) };

    /// <summary>A channel without an actor; the test itself is the buffer's single writer.</summary>
    /// <param name="settings">The channel's settings; <see cref="Settings"/> when null.</param>
    /// <param name="clock">Times its fan-outs; the system's clock when null.</param>
    public static LiveChannel Detached(ChannelSettings? settings = null, TimeProvider? clock = null) =>
        new(settings ?? Settings(), new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromHours(1), RecycleGuard = TimeSpan.Zero }), clock ?? TimeProvider.System);

    /// <summary>A byte pattern that identifies chunk <paramref name="seq"/>: every byte is (seq * 7 + i) mod 251.</summary>
    public static byte[] Payload(long seq, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(((seq * 7) + i) % 251);
        }

        return bytes;
    }

    /// <summary>Appends chunks back to back, each <see cref="HalfSecond"/> long, starting at <paramref name="start"/>.</summary>
    public static void AppendRun(LiveChannel channel, long firstSeq, int count, int length, DateTime? start = null, AudioFormat format = AudioFormat.Mp3)
    {
        var origin = start ?? Origin;
        for (var i = 0; i < count; i++)
        {
            var seq = firstSeq + i;
            var header = new ChunkHeader(seq, origin.Ticks + (HalfSecond.Ticks * i), HalfSecond.Ticks, ChunkMarkers.RandomAccess, 0, length, format);
            channel.Buffer.Append(header, Payload(seq, length));
        }
    }

    /// <summary>The concatenated payloads of chunks <paramref name="firstSeq"/>.. as a listener should hear them.</summary>
    public static byte[] Expected(long firstSeq, int count, int length) =>
        Enumerable.Range(0, count).SelectMany(i => Payload(firstSeq + i, length)).ToArray();

    /// <summary>A chunk as a source would assemble it: <paramref name="samples"/> at 48 kHz, payload filled with <paramref name="fill"/>.</summary>
    public static AssembledChunk Assembled(int samples, int length, byte fill, int sampleRate = 48_000, AudioFormat format = AudioFormat.Mp3)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        buffer.AsSpan(0, length).Fill(fill);
        return new AssembledChunk(buffer, length, samples, sampleRate, format, 2, 128_000);
    }
}
