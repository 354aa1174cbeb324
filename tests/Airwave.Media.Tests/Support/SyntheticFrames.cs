namespace Airwave.Media.Tests.Support;

/// <summary>Builds valid frames with silent payloads for header and resync tests.</summary>
internal static class SyntheticFrames
{
    /// <summary>MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, joint stereo: 417 bytes (418 padded).</summary>
    public static byte[] Mp3(bool padding = false)
    {
        var frame = new byte[padding ? 418 : 417];
        frame[0] = 0xFF;
        frame[1] = 0xFB;
        frame[2] = (byte)(padding ? 0x92 : 0x90);
        frame[3] = 0x40;
        return frame;
    }

    public static byte[] Mp3Stream(int count) => [.. Enumerable.Range(0, count).SelectMany(i => Mp3(padding: i % 3 == 1))];

    /// <summary>ADTS AAC LC, 48 kHz stereo, given total length, optional CRC and raw data block count.</summary>
    public static byte[] Adts(int length = 200, bool crc = false, int blocks = 1)
    {
        var frame = new byte[length];
        frame[0] = 0xFF;
        frame[1] = (byte)(crc ? 0xF0 : 0xF1);
        frame[2] = (1 << 6) | (3 << 2);
        frame[3] = (byte)((2 << 6) | ((length >> 11) & 0x3));
        frame[4] = (byte)(length >> 3);
        frame[5] = (byte)(((length & 0x7) << 5) | 0x1F);
        frame[6] = (byte)(0xFC | (blocks - 1));
        return frame;
    }

    public static byte[] AdtsStream(int count) => [.. Enumerable.Range(0, count).SelectMany(i => Adts(180 + (i % 7)))];

    /// <summary>An ID3v2 tag with a body of the given size (v2.4 with footer when asked).</summary>
    public static byte[] Id3v2(int bodySize, bool footer = false)
    {
        var tag = new byte[10 + bodySize + (footer ? 10 : 0)];
        "ID3"u8.CopyTo(tag);
        tag[3] = (byte)(footer ? 4 : 3);
        tag[5] = (byte)(footer ? 0x10 : 0);
        tag[6] = (byte)((bodySize >> 21) & 0x7F);
        tag[7] = (byte)((bodySize >> 14) & 0x7F);
        tag[8] = (byte)((bodySize >> 7) & 0x7F);
        tag[9] = (byte)(bodySize & 0x7F);
        for (var i = 10; i < 10 + bodySize; i++)
        {
            tag[i] = 0xFF;
        }

        if (footer)
        {
            "3DI"u8.CopyTo(tag.AsSpan(10 + bodySize));
            tag.AsSpan(3, 7).CopyTo(tag.AsSpan(13 + bodySize));
        }

        return tag;
    }
}
