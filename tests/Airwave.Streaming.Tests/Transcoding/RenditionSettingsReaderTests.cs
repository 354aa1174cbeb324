using Airwave.Hocon.Configuration;
using Airwave.Hocon.Values;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Transcoding;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Airwave.Streaming.Tests.Transcoding;

public sealed class RenditionSettingsReaderTests
{
    [Fact]
    public void Each_rendition_becomes_a_channel_after_its_source_with_the_source_settings_and_no_way_to_push()
    {
        var configuration = Hocon("""
            airwave.channels.live {
              password = "pw", rewind = 2h, hls.segment-duration = 4s
              renditions = [ { name = aac64, codec = aac, bitrate = 64k }, { name = mp3-32, codec = MP3, bitrate = 32000, channels = 1, sample-rate = 22050 } ]
            }
            """);

        var all = ChannelSettingsReader.ReadAll(configuration);

        Assert.Equal(["live", "live-aac64", "live-mp3-32"], all.Select(c => c.Name));
        var aac = all[1];
        Assert.Equal(new RenditionSettings("aac64", "live", new TranscodeEncoding(TranscodeCodec.Aac, 64, 0, 0)), aac.Rendition);
        Assert.Equal(new RenditionSettings("mp3-32", "live", new TranscodeEncoding(TranscodeCodec.Mp3, 32, 1, 22050)), all[2].Rendition);
        Assert.Equal("", aac.Password);
        Assert.Equal(TimeSpan.FromHours(2), aac.Rewind);
        Assert.Equal(TimeSpan.FromSeconds(4), aac.HlsSegmentDuration);
        Assert.Empty(aac.Renditions);
        Assert.Equal("live", aac.PlacementKey);
        Assert.Equal("live", all[0].PlacementKey);
    }

    [Fact]
    public void A_channel_with_renditions_gets_a_group_of_its_name_unless_one_is_configured()
    {
        var configuration = Hocon("""
            airwave {
              channels {
                live.renditions = [ { name = aac64, codec = aac, bitrate = 64k } ]
                tv.renditions = [ { name = low, codec = aac, bitrate = 48k } ]
                tv-hd.password = "pw"
              }
              groups.tv = [tv-hd, tv, tv-low]
            }
            """);

        var groups = AdaptiveGroups.Read(configuration, ChannelSettingsReader.ReadAll(configuration));

        Assert.True(groups.TryGetMembers("live", out var live));
        Assert.Equal(["live", "live-aac64"], live);
        Assert.True(groups.TryGetMembers("tv", out var tv));
        Assert.Equal(["tv-hd", "tv", "tv-low"], tv);
    }

    [Theory]
    [InlineData("{ name = aac64, codec = opus, bitrate = 64k }", "codec", "\"opus\" is not a rendition codec: aac, mp3 or h264 (video, from an MPEG-TS channel)")]
    [InlineData("{ name = aac64, codec = mp3, bitrate = 640k }", "bitrate", "\"640k\" is not a bitrate from 8k to 320k (write e.g. 64k)")]
    [InlineData("{ name = aac64, codec = aac, bitrate = 64 }", "bitrate", "\"64\" is not a bitrate from 8k to 512k (write e.g. 64k)")]
    [InlineData("{ name = \"../x\", codec = aac, bitrate = 64k }", "name", "\"../x\" is not a rendition name: 1 to 40 letters, digits, '-' or '_' (it becomes the mount /live-<name>)")]
    [InlineData("{ name = mono, codec = aac, bitrate = 64k, channels = 6 }", "channels", "\"6\" is not valid: 0 (as the source), 1 or 2")]
    [InlineData("{ name = low, codec = h264, bitrate = 400k }", "codec", "codec = h264 needs height = <pixels>: an even number from 72 to 2160, e.g. 240")]
    [InlineData("{ name = low, codec = h264, bitrate = 400k, height = 241 }", "height", "\"241\" is not an even picture height from 72 to 2160 (an h264 rendition needs one, e.g. height = 240)")]
    public void A_malformed_rendition_stops_the_node_naming_the_key_and_where_it_was_set(string rendition, string key, string problem)
    {
        var configuration = Hocon("airwave.channels.live.renditions = [\n" + rendition + "\n]\n");

        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.ReadAll(configuration));

        Assert.Equal("airwave.channels.live.renditions.0." + key, error.Key);
        Assert.Equal(problem, error.Problem);
        Assert.Contains(":2:", error.Locate(configuration).Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_renditions_of_one_name_are_refused()
    {
        var configuration = Hocon("airwave.channels.live.renditions = [ { name = a, codec = aac, bitrate = 64k }, { name = a, codec = mp3, bitrate = 64k } ]");

        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.ReadAll(configuration));

        Assert.Equal("\"a\" names two renditions of live; give each its own name", error.Problem);
    }

    [Fact]
    public void A_rendition_whose_mount_is_a_configured_channel_is_refused()
    {
        var configuration = Hocon("""
            airwave.channels {
              live.renditions = [ { name = aac, codec = aac, bitrate = 64k } ]
              live-aac.password = "pw"
            }
            """);

        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.ReadAll(configuration));

        Assert.Equal("rendition aac is served at /live-aac, which is already a channel; rename the rendition or the channel", error.Problem);
    }

    [Fact]
    public void Renditions_in_channel_defaults_are_refused_with_where_they_belong()
    {
        var configuration = Hocon("airwave.channel-defaults.renditions = [ { name = a, codec = aac, bitrate = 64k } ]\nairwave.channels.live.password = pw\n");

        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.ReadAll(configuration));

        Assert.Equal("airwave.channel-defaults.renditions", error.Key);
    }

    private static IConfigurationRoot Hocon(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "airwave-renditions-" + Guid.NewGuid().ToString("N") + ".conf");
        File.WriteAllText(path, text);
        try
        {
            return new ConfigurationBuilder().AddHoconFile(path).Build();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
