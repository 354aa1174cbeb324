using System.Text;
using Airwave.Media.Id3;

namespace Airwave.Media.Tests.Hls;

public sealed class Id3TimestampTagTests
{
    [Fact]
    public void The_tag_is_an_id3v24_priv_frame_with_the_apple_owner_and_an_8_byte_33_bit_timestamp()
    {
        var bytes = new byte[Id3TimestampTag.Size];
        Id3TimestampTag.Write(bytes, 0x1_2345_6789);

        byte[] expected =
        [
            (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 63,
            (byte)'P', (byte)'R', (byte)'I', (byte)'V', 0, 0, 0, 53, 0, 0,
            .. Encoding.ASCII.GetBytes("com.apple.streaming.transportStreamTimestamp"), 0,
            0, 0, 0, 1, 0x23, 0x45, 0x67, 0x89,
        ];
        Assert.Equal(73, Id3TimestampTag.Size);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Timestamps_wrap_at_33_bits()
    {
        var bytes = new byte[Id3TimestampTag.Size];
        Id3TimestampTag.Write(bytes, (1L << 33) + 90_000);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 0x5F, 0x90 }, bytes[^8..]);
    }

    [Fact]
    public void Instants_convert_to_90_khz_from_the_unix_epoch()
    {
        Assert.Equal(0, Id3TimestampTag.ToTimestamp(DateTime.UnixEpoch));
        Assert.Equal(90_000 + 9, Id3TimestampTag.ToTimestamp(DateTime.UnixEpoch.AddSeconds(1).AddTicks(1000)));
    }
}
