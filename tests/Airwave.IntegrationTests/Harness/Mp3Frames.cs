namespace Airwave.IntegrationTests.Harness;

/// <summary>Cuts whole MPEG audio frames out of an MP3 file, so a raw source can send real audio.</summary>
internal static class Mp3Frames
{
    private static readonly int[] BitratesMpeg1Layer3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
    private static readonly int[] SampleRatesMpeg1 = [44100, 48000, 32000, 0];

    /// <summary>The first <paramref name="count"/> MPEG-1 Layer III frames of <paramref name="file"/>, concatenated (ID3 tags and anything else skipped).</summary>
    public static byte[] Read(string file, int count)
    {
        var data = File.ReadAllBytes(file);
        using var output = new MemoryStream();
        var frames = 0;
        var i = 0;
        while (i + 4 <= data.Length && frames < count)
        {
            var length = FrameLength(data.AsSpan(i));
            if (length > 0 && i + length <= data.Length)
            {
                output.Write(data, i, length);
                frames++;
                i += length;
            }
            else
            {
                i++;
            }
        }

        return frames == count ? output.ToArray() : throw new InvalidDataException($"{file} has only {frames} MPEG-1 Layer III frames");
    }

    /// <summary>True when <paramref name="data"/> is whole MPEG-1 Layer III frames back to back from its first byte to its last.</summary>
    public static bool AreWholeFrames(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i + 4 <= data.Length && FrameLength(data[i..]) is > 0 and var length)
        {
            i += length;
        }

        return i == data.Length;
    }

    /// <summary>How many whole MPEG-1 Layer III frames lie back to back from the first byte of <paramref name="data"/>.</summary>
    public static int Count(ReadOnlySpan<byte> data)
    {
        var frames = 0;
        var i = 0;
        while (i + 4 <= data.Length && FrameLength(data[i..]) is > 0 and var length && i + length <= data.Length)
        {
            i += length;
            frames++;
        }

        return frames;
    }

    private static int FrameLength(ReadOnlySpan<byte> h)
    {
        // 11 sync bits, MPEG-1 (11), Layer III (01).
        if (h[0] != 0xFF || (h[1] & 0xFE) != 0xFA)
        {
            return 0;
        }

        var bitrate = BitratesMpeg1Layer3[h[2] >> 4];
        var rate = SampleRatesMpeg1[(h[2] >> 2) & 3];
        if (bitrate == 0 || rate == 0)
        {
            return 0;
        }

        var padding = (h[2] >> 1) & 1;
        return (144 * bitrate * 1000 / rate) + padding;
    }
}
