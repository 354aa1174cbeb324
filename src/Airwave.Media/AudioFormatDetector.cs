using System.Buffers;
using Airwave.Media.Framing;

namespace Airwave.Media;

/// <summary>Tells the codec of stored audio bytes whose format was not recorded with them (dumps and feeds of older builds, archive files).</summary>
public static class AudioFormatDetector
{
    private const int TsPacketSize = 188;
    private const byte TsSyncByte = 0x47;

    /// <summary>MPEG-TS when the bytes are whole transport packets, else the format of the first MP3 or ADTS frame; <see cref="AudioFormat.Unknown"/> when neither.</summary>
    public static AudioFormat Detect(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length >= TsPacketSize && payload.Length % TsPacketSize == 0 && payload.Span[0] == TsSyncByte)
        {
            return AudioFormat.MpegTs;
        }

        var bytes = new ReadOnlySequence<byte>(payload);
        return new AudioFramer().Read(ref bytes, isCompleted: true, out var frame) == AudioFramerStatus.Frame ? frame.Format : AudioFormat.Unknown;
    }
}
