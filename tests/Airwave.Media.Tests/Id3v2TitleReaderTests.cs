using System.Text;
using Airwave.Media.Id3;

namespace Airwave.Media.Tests;

public class Id3v2TitleReaderTests
{
    [Fact]
    public void Reads_artist_and_title_from_a_v24_tag()
    {
        var tag = Tag(4, Frame(4, "TPE1", 3, "Ärtist"), Frame(4, "TIT2", 3, "Song"));

        Assert.Equal("Ärtist - Song", Id3v2TitleReader.ReadTitle(tag));
    }

    [Fact]
    public void Reads_a_latin1_title_from_a_v23_tag_without_artist()
    {
        var tag = Tag(3, Frame(3, "TIT2", 0, "Caf\u00e9"));

        Assert.Equal("Caf\u00e9", Id3v2TitleReader.ReadTitle(tag));
    }

    [Fact]
    public void Reads_utf16_with_byte_order_mark()
    {
        var text = new byte[] { 1 }.Concat(Encoding.Unicode.GetPreamble()).Concat(Encoding.Unicode.GetBytes("Wide")).ToArray();
        var tag = Tag(3, RawFrame(3, "TIT2", text));

        Assert.Equal("Wide", Id3v2TitleReader.ReadTitle(tag));
    }

    [Fact]
    public void Returns_null_without_a_title_frame_or_for_garbage()
    {
        Assert.Null(Id3v2TitleReader.ReadTitle(Tag(4, Frame(4, "TALB", 3, "Album"))));
        Assert.Null(Id3v2TitleReader.ReadTitle("not a tag at all"u8));
        Assert.Null(Id3v2TitleReader.ReadTitle(Tag(4, Frame(4, "TIT2", 3, "Cut")).AsSpan(0, 14)));
    }

    [Fact]
    public void Never_throws_on_random_bytes_after_a_valid_header()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (var i = 0; i < 2_000; i++)
        {
            var body = new byte[random.Next(0, 200)];
            random.NextBytes(body);
            var tag = Tag((byte)random.Next(3, 5), body);
            var exception = Record.Exception(() => Id3v2TitleReader.ReadTitle(tag));
            Assert.True(exception is null, $"seed {seed}: {exception}");
        }
    }

    private static byte[] Frame(byte version, string id, byte encoding, string text)
    {
        var bytes = encoding == 0 ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
        return RawFrame(version, id, [encoding, .. bytes]);
    }

    private static byte[] RawFrame(byte version, string id, byte[] content)
    {
        var size = content.Length;
        byte[] sizeBytes = version == 4
            ? [(byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F)]
            : [(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size];
        return [.. Encoding.ASCII.GetBytes(id), .. sizeBytes, 0, 0, .. content];
    }

    private static byte[] Tag(byte version, params byte[][] frames)
    {
        var body = frames.SelectMany(f => f).ToArray();
        var size = body.Length;
        byte[] header = [(byte)'I', (byte)'D', (byte)'3', version, 0, 0,
            (byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F)];
        return [.. header, .. body];
    }
}
