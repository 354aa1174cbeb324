using System.Text;
using Airwave.Media.Icy;

namespace Airwave.Media.Tests;

public class IcyMetadataDecoderTests
{
    private static IReadOnlyDictionary<string, string> Decode(string text, IcyCharset? charset = IcyCharset.Utf8) =>
        IcyMetadataDecoder.Decode(Encoding.UTF8.GetBytes(text), charset);

    [Fact]
    public void Fields_and_nul_padding_are_read()
    {
        var fields = Decode("StreamTitle='A - B';StreamUrl='http://u/';\0\0\0\0");

        Assert.Equal("A - B", fields["StreamTitle"]);
        Assert.Equal("http://u/", fields["StreamUrl"]);
    }

    [Fact]
    public void Missing_trailing_semicolon_is_tolerated()
    {
        Assert.Equal("A - B", Decode("StreamTitle='A - B'\0\0")["StreamTitle"]);
        Assert.Equal("A - B", Decode("StreamTitle='A - B")["StreamTitle"]);
    }

    [Fact]
    public void Embedded_quotes_stay_in_the_value()
    {
        var fields = Decode("StreamTitle='Guns N' Roses - Sweet Child O' Mine';StreamUrl='';");

        Assert.Equal("Guns N' Roses - Sweet Child O' Mine", fields["StreamTitle"]);
        Assert.Equal(string.Empty, fields["StreamUrl"]);
    }

    [Fact]
    public void Unquoted_values_end_at_semicolon()
    {
        Assert.Equal("x", Decode("StreamTitle=x;Other='y';")["StreamTitle"]);
    }

    [Fact]
    public void Charset_is_detected_when_not_given()
    {
        Assert.Equal("Café", IcyMetadataDecoder.Decode(Encoding.UTF8.GetBytes("StreamTitle='Café';"))["StreamTitle"]);
        Assert.Equal("Café", IcyMetadataDecoder.Decode(Encoding.Latin1.GetBytes("StreamTitle='Café';"))["StreamTitle"]);
    }

    [Fact]
    public void Garbage_yields_no_fields_instead_of_throwing()
    {
        Assert.Empty(Decode("no fields here"));
        Assert.Empty(Decode(string.Empty));
        Assert.Empty(Decode("\0\0\0"));
    }
}
