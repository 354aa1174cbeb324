using Airwave.Hocon;
using Airwave.Streaming.Channels;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Airwave.Streaming.Tests.Channels;

public sealed class ChannelSettingsReaderTests
{
    [Fact]
    public void A_channel_without_settings_gets_the_built_in_defaults()
    {
        var settings = ChannelSettingsReader.Read(Memory(), "live");

        Assert.Equal("live", settings.Name);
        Assert.Equal("/live", settings.Mount);
        Assert.Equal("", settings.Password);
        Assert.Equal(10_000, settings.MaxListeners);
        Assert.Equal(64 * 1024, settings.BurstSize);
        Assert.Equal(512 * 1024, settings.QueueSize);
        Assert.Equal(TimeSpan.FromHours(4), settings.Rewind);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.ChunkDuration);
        Assert.Equal(16_000, settings.MetadataInterval);
        Assert.Equal("UTF-8", settings.MetadataCharset);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.SourceTimeout);
        Assert.Equal("", settings.FallbackMount);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.SourceWait);
        Assert.False(settings.Public);
        Assert.Equal(TimeZoneInfo.Utc, settings.TimeZone);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.DumpInterval);
    }

    [Fact]
    public void A_channel_overrides_the_configured_defaults_key_by_key()
    {
        var configuration = Hocon("""
            airwave {
              channel-defaults { password = "def", burst-size = 32KiB, rewind = 2h, max-listeners = 50 }
              channels {
                live { password = "hackme", rewind = 30m, chunk-duration = 2s, public = true, name = "Live!" }
                demo { }
              }
            }
            """);

        var live = ChannelSettingsReader.Read(configuration, "live");
        var demo = ChannelSettingsReader.Read(configuration, "demo");

        Assert.Equal("hackme", live.Password);
        Assert.Equal(TimeSpan.FromMinutes(30), live.Rewind);
        Assert.Equal(TimeSpan.FromSeconds(2), live.ChunkDuration);
        Assert.Equal(32 * 1024, live.BurstSize);
        Assert.Equal(50, live.MaxListeners);
        Assert.True(live.Public);
        Assert.Equal("Live!", live.StreamName);
        Assert.Equal("def", demo.Password);
        Assert.Equal(TimeSpan.FromHours(2), demo.Rewind);
    }

    [Theory]
    [InlineData("3s", 3)]
    [InlineData("1.5m", 90)]
    [InlineData("250ms", 0.25)]
    public void Reads_durations(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ChannelSettingsReader.Read(Memory(("airwave:channels:live:source-timeout", text)), "live").SourceTimeout);

    [Theory]
    [InlineData("64KiB", 65_536)]
    [InlineData("1MiB", 1_048_576)]
    [InlineData("1000", 1000)]
    public void Reads_sizes(string text, long bytes) =>
        Assert.Equal(bytes, ChannelSettingsReader.Read(Memory(("airwave:channels:live:queue-size", text)), "live").QueueSize);

    [Theory]
    [InlineData("rewind", "forever")]
    [InlineData("burst-size", "lots")]
    [InlineData("max-listeners", "-1")]
    [InlineData("metadata-interval", "16k")]
    [InlineData("public", "maybe")]
    public void A_bad_value_fails_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<FormatException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:" + key, value)), "live"));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_default_names_the_defaults_section() =>
        Assert.Contains(
            "airwave.channel-defaults.max-listeners",
            Assert.Throws<FormatException>(() => ChannelSettingsReader.Read(Memory(("airwave:channel-defaults:max-listeners", "many")), "live")).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Reads_IANA_time_zones() =>
        Assert.Equal("Europe/Berlin", ChannelSettingsReader.Read(Memory(("airwave:channels:live:time-zone", "Europe/Berlin")), "live").TimeZone.Id);

    [Fact]
    public void An_unknown_time_zone_fails_naming_the_channel()
    {
        var error = Assert.Throws<FormatException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:time-zone", "Mars/Olympus")), "live"));

        Assert.Contains("channels.live.time-zone", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo", "/demo")]
    [InlineData("/demo", "/demo")]
    [InlineData("", "")]
    public void The_fallback_mount_gets_a_leading_slash(string configured, string expected) =>
        Assert.Equal(expected, ChannelSettingsReader.Read(Memory(("airwave:channels:live:fallback-mount", configured)), "live").FallbackMount);

    [Fact]
    public void The_template_key_is_not_a_channel()
    {
        var configuration = Hocon("""
            airwave {
              channel-defaults { rewind = 1h }
              channels {
                "*" = ${airwave.channel-defaults}
                live { password = "x" }
                demo { loop-file = "tone.mp3" }
              }
            }
            """);

        var all = ChannelSettingsReader.ReadAll(configuration);

        Assert.Equal(["demo", "live"], all.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("tone.mp3", all.Single(c => c.Name == "demo").LoopFile);
    }

    private static IConfigurationRoot Memory(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private static IConfigurationRoot Hocon(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "airwave-settings-" + Guid.NewGuid().ToString("N") + ".conf");
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
