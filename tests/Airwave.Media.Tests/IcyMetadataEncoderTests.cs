using System.Text;
using Airwave.Media.Icy;

namespace Airwave.Media.Tests;

public class IcyMetadataEncoderTests
{
    [Fact]
    public void Block_is_length_byte_then_nul_padded_sixteen_byte_units()
    {
        var block = IcyMetadataEncoder.Encode("Artist - Title");

        var text = "StreamTitle='Artist - Title';"u8;
        Assert.Equal(2, block[0]);
        Assert.Equal(1 + 32, block.Length);
        Assert.True(block.AsSpan(1).StartsWith(text));
        Assert.All(block[(1 + text.Length)..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Url_follows_the_title()
    {
        var block = IcyMetadataEncoder.Encode("Song", "https://radio.example/");

        Assert.StartsWith("StreamTitle='Song';StreamUrl='https://radio.example/';", Encoding.ASCII.GetString(block, 1, block.Length - 1));
    }

    [Fact]
    public void Text_of_exactly_sixteen_bytes_has_no_padding()
    {
        var block = IcyMetadataEncoder.Encode("x");

        Assert.Equal(1, block[0]);
        Assert.Equal("\u0001StreamTitle='x';"u8.ToArray(), block);
    }

    [Fact]
    public void Empty_block_is_a_single_zero()
    {
        Assert.Equal([0], IcyMetadataEncoder.EmptyBlock.ToArray());
    }

    [Theory]
    [InlineData(IcyCharset.Utf8)]
    [InlineData(IcyCharset.Latin1)]
    public void Long_titles_are_truncated_to_4080_bytes_at_a_character_boundary(IcyCharset charset)
    {
        var title = string.Concat(Enumerable.Repeat("é€😀x", 2000));

        var block = IcyMetadataEncoder.Encode(title, charset: charset);

        Assert.Equal(255, block[0]);
        Assert.Equal(4081, block.Length);
        var decoded = IcyMetadataDecoder.Decode(block.AsSpan(1), charset)["StreamTitle"];
        Assert.DoesNotContain('\uFFFD', decoded);
        if (charset == IcyCharset.Utf8)
        {
            Assert.StartsWith(decoded, title, StringComparison.Ordinal);
        }

        Assert.True(decoded.Length > 1000);
    }

    [Fact]
    public void Latin1_writes_one_byte_per_character_and_replaces_the_rest()
    {
        var block = IcyMetadataEncoder.Encode("Café €", charset: IcyCharset.Latin1);

        Assert.Equal(1 + 32, block.Length);
        Assert.Equal(0xE9, block[1 + "StreamTitle='Caf".Length]);
        Assert.Equal((byte)'?', block[1 + "StreamTitle='Café ".Length]);
    }

    [Fact]
    public void Utf8_writes_multibyte_characters()
    {
        var block = IcyMetadataEncoder.Encode("Café", charset: IcyCharset.Utf8);

        Assert.True(block.AsSpan(1).StartsWith("StreamTitle='Café';"u8));
    }

    [Fact]
    public void Apostrophes_are_kept_but_cannot_end_the_value_early()
    {
        var block = IcyMetadataEncoder.Encode("Don't Stop';Evil='x");

        var text = Encoding.UTF8.GetString(block, 1, block.Length - 1).TrimEnd('\0');
        Assert.Equal("StreamTitle='Don't Stop' ;Evil='x';", text);
        var fields = IcyMetadataDecoder.Decode(block.AsSpan(1));
        Assert.Single(fields);
        Assert.Equal("Don't Stop' ;Evil='x", fields["StreamTitle"]);
    }

    [Fact]
    public void Control_characters_become_spaces()
    {
        var block = IcyMetadataEncoder.Encode("a\0b\nc");

        Assert.True(block.AsSpan(1).StartsWith("StreamTitle='a b c';"u8));
    }

    [Fact]
    public void Invalid_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => IcyMetadataEncoder.Encode([new KeyValuePair<string, string>("Bad=Key", "v")]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Simple")]
    [InlineData("Ünïcödé – “quotes” 'single' 日本語")]
    [InlineData("It's a 'test'")]
    public void Encode_then_decode_round_trips(string title)
    {
        var block = IcyMetadataEncoder.Encode(title, "http://x/");

        var fields = IcyMetadataDecoder.Decode(block.AsSpan(1, block[0] * 16), IcyCharset.Utf8);

        Assert.Equal(title, fields["StreamTitle"]);
        Assert.Equal("http://x/", fields["streamurl"]);
    }
}
