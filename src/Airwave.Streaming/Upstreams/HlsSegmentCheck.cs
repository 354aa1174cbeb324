using System.Buffers;
using Airwave.Media.Framing;
using Airwave.Media.Ts;

namespace Airwave.Streaming.Upstreams;

/// <summary>Validates a fetched HLS segment before it reaches the channel: TS sync every 188 bytes and few damaged packets, or whole MP3/ADTS frames.</summary>
public static class HlsSegmentCheck
{
    private const double MaxDamagedShare = 0.05;

    /// <summary>Null when the segment is good, otherwise why not; <paramref name="isTransportStream"/> says which kind it is.</summary>
    public static string? Problem(ReadOnlySpan<byte> segment, out bool isTransportStream)
    {
        isTransportStream = !segment.IsEmpty && segment[0] == TsPacket.SyncByte;
        if (segment.IsEmpty)
        {
            return "empty segment";
        }

        return isTransportStream ? TransportStreamProblem(segment) : AudioProblem(segment);
    }

    private static string? TransportStreamProblem(ReadOnlySpan<byte> segment)
    {
        var packets = segment.Length / TsPacket.Length;
        if (packets == 0)
        {
            return "shorter than one TS packet";
        }

        var damaged = 0;
        for (var i = 0; i < packets; i++)
        {
            var packet = segment.Slice(i * TsPacket.Length, TsPacket.Length);
            if (packet[0] != TsPacket.SyncByte)
            {
                return $"TS sync lost at packet {i}";
            }

            if (TsPacket.HasTransportError(packet))
            {
                damaged++;
            }
        }

        return damaged > packets * MaxDamagedShare ? $"{damaged} of {packets} TS packets flag transport errors" : null;
    }

    private static string? AudioProblem(ReadOnlySpan<byte> segment)
    {
        var framer = new AudioFramer();
        var buffer = new ReadOnlySequence<byte>(segment.ToArray());
        return framer.Read(ref buffer, isCompleted: true, out _) == AudioFramerStatus.Frame ? null : "neither MPEG-TS nor MP3/AAC frames";
    }
}
