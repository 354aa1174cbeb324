using NLayer;
using MediaChannelMode = Airwave.Media.Mp3.MpegChannelMode;
using MediaLayer = Airwave.Media.Mp3.MpegLayer;
using MediaVersion = Airwave.Media.Mp3.MpegVersion;
using Mp3FrameHeader = Airwave.Media.Mp3.Mp3FrameHeader;

namespace Airwave.Streaming.Alerts;

/// <summary>
/// One MP3 frame in a byte array, as NLayer's <see cref="MpegFrameDecoder"/> reads it: the header's fields, then the bits
/// after the header (and its CRC). Pointed at each frame in turn, so measuring a chunk makes no object per frame.
/// </summary>
internal sealed class NLayerFrame : IMpegFrame
{
    private byte[] bytes = [];
    private int start;
    private Mp3FrameHeader header;
    private int readOffset;
    private int bitsHeld;
    private ulong bitBucket;

    public int SampleRate => header.SampleRate;

    public int SampleRateIndex => (bytes[start + 2] >> 2) & 0x3;

    public int FrameLength => header.FrameLength;

    public int BitRate => header.Bitrate;

    public MpegVersion Version => header.Version switch
    {
        MediaVersion.Mpeg1 => MpegVersion.Version1,
        MediaVersion.Mpeg2 => MpegVersion.Version2,
        _ => MpegVersion.Version25,
    };

    public MpegLayer Layer => header.Layer switch
    {
        MediaLayer.Layer1 => MpegLayer.LayerI,
        MediaLayer.Layer2 => MpegLayer.LayerII,
        _ => MpegLayer.LayerIII,
    };

    public MpegChannelMode ChannelMode => header.ChannelMode switch
    {
        MediaChannelMode.Stereo => MpegChannelMode.Stereo,
        MediaChannelMode.JointStereo => MpegChannelMode.JointStereo,
        MediaChannelMode.DualChannel => MpegChannelMode.DualChannel,
        _ => MpegChannelMode.Mono,
    };

    public int ChannelModeExtension => (bytes[start + 3] >> 4) & 0x3;

    public int SampleCount => header.SamplesPerFrame;

    public int BitRateIndex => bytes[start + 2] >> 4;

    public bool IsCopyrighted => (bytes[start + 3] & 0x8) != 0;

    public bool HasCrc => header.HasCrc;

    /// <summary>The CRC is not checked: a damaged frame decodes to noise for one 26 ms frame, or throws, which the meter catches.</summary>
    public bool IsCorrupted => false;

    /// <summary>Points at the frame <paramref name="frameHeader"/> describes, at <paramref name="offset"/> of <paramref name="source"/>.</summary>
    public void Point(byte[] source, int offset, in Mp3FrameHeader frameHeader)
    {
        bytes = source;
        start = offset;
        header = frameHeader;
        Reset();
    }

    public void Reset()
    {
        readOffset = start + Mp3FrameHeader.Length + (header.HasCrc ? 2 : 0);
        bitsHeld = 0;
        bitBucket = 0;
    }

    public int ReadBits(int bitCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitCount, 32);
        while (bitsHeld < bitCount)
        {
            if (readOffset == start + header.FrameLength)
            {
                throw new EndOfStreamException("read past the end of the MP3 frame");
            }

            bitBucket = (bitBucket << 8) | bytes[readOffset++];
            bitsHeld += 8;
        }

        bitsHeld -= bitCount;
        return (int)((bitBucket >> bitsHeld) & ((1UL << bitCount) - 1));
    }
}
