namespace Airwave.Media.Ts;

/// <summary>Spots a decoder entry point (H.264 IDR, HEVC IRAP) in the start of a video PES payload.</summary>
public static class VideoRandomAccess
{
    /// <summary>True when a NAL unit in <paramref name="data"/> starts a picture a decoder can begin at.</summary>
    public static bool ContainsEntryPoint(ReadOnlySpan<byte> data, TsStreamKind kind)
    {
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1)
            {
                continue;
            }

            var header = data[i + 3];
            if (kind == TsStreamKind.H264 && (header & 0x1F) == 5)
            {
                return true;
            }

            if (kind == TsStreamKind.Hevc && ((header >> 1) & 0x3F) is >= 16 and <= 21)
            {
                return true;
            }

            i += 2;
        }

        return false;
    }
}
