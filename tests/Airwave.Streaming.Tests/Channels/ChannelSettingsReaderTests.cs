using Airwave.Hocon.Configuration;
using Airwave.Hocon.Values;
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
        Assert.Equal(TimeSpan.FromSeconds(1), settings.SendInterval);
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
        Assert.Equal(TimeSpan.FromSeconds(seconds), ChannelSettingsReader.Read(Memory(("airwave:channels:live:source-wait", text)), "live").SourceWait);

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
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:" + key, value)), "live"));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("source-timeout", "40ms", "1s")]
    [InlineData("dump-interval", "0s", "1s")]
    [InlineData("chunk-duration", "10ms", "100ms")]
    [InlineData("rewind", "5s", "10s")]
    [InlineData("hls:segment-duration", "0s", "1s")]
    [InlineData("hls:live-window", "500ms", "1s")]
    [InlineData("no-data-timeout", "10ms", "1s")]
    [InlineData("backoff-min", "1ms", "100ms")]
    [InlineData("idle-close-after", "0s", "1s")]
    [InlineData("source-wait", "-1s", "0s")]
    public void A_duration_below_its_minimum_fails_naming_key_and_minimum(string key, string value, string minimum)
    {
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:" + key, value)), "live"));

        Assert.Equal("airwave.channels.live." + key.Replace(':', '.'), error.Key);
        Assert.Contains($"\"{value}\" is shorter than the minimum {minimum}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5000)]
    public void A_send_interval_from_zero_to_five_seconds_is_taken(string value, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ChannelSettingsReader.Read(Memory(("airwave:channels:live:send-interval", value)), "live").SendInterval);

    [Fact]
    public void A_send_interval_over_five_seconds_fails_saying_what_players_would_suffer()
    {
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channel-defaults:send-interval", "6s")), "live"));

        Assert.Equal("airwave.channel-defaults.send-interval", error.Key);
        Assert.Contains("\"6s\" is longer than the maximum 5s: players at the live edge would wait that long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_number_for_a_duration_fails_suggesting_a_unit()
    {
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:source-timeout", "10")), "live"));

        Assert.Contains("airwave.channels.live.source-timeout: \"10\" is not a duration: a duration needs a unit: write 10s or 10ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backoff_max_below_backoff_min_fails() =>
        Assert.Contains(
            "airwave.channels.live.backoff-max",
            Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:backoff-min", "5s"), ("airwave:channels:live:backoff-max", "1s")), "live")).Message,
            StringComparison.Ordinal);

    [Fact]
    public void A_token_secret_too_short_to_be_safe_fails_with_a_way_to_make_one()
    {
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:token-secret", "hunter2")), "live"));

        Assert.Equal("airwave.channels.live.token-secret", error.Key);
        Assert.Contains("is 7 characters; use at least 16 (e.g. the output of `openssl rand -hex 32`)", error.Message, StringComparison.Ordinal);
        Assert.Equal("0123456789abcdef", ChannelSettingsReader.Read(Memory(("airwave:channel-defaults:token-secret", "0123456789abcdef")), "live").TokenSecret);
    }

    [Fact]
    public void Reads_allow_and_deny_lists_of_networks_and_single_addresses_from_the_channel_or_the_defaults()
    {
        var access = ChannelSettingsReader.Read(
            Memory(
                ("airwave:channels:live:allow:0", "10.0.0.0/8"),
                ("airwave:channels:live:allow:1", "192.0.2.7"),
                ("airwave:channel-defaults:deny:0", "2001:db8::/32")),
            "live").Access;

        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32"], access.Allow.Select(n => n.ToString()));
        Assert.Equal(["2001:db8::/32"], access.Deny.Select(n => n.ToString()));
        Assert.False(access.IsOpen);
        Assert.True(ChannelSettingsReader.Read(Memory(), "live").Access.IsOpen);
    }

    [Fact]
    public void An_allow_entry_that_is_no_network_fails_naming_the_entry()
    {
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:allow:0", "10.0.0.0/33")), "live"));

        Assert.Equal("airwave.channels.live.allow.0", error.Key);
        Assert.Contains("\"10.0.0.0/33\" is not an address or a network in CIDR notation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_token_without_a_token_secret_fails_saying_what_to_set()
    {
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:require-token", "true")), "live"));

        Assert.Equal("airwave.channels.live.require-token", error.Key);
        Assert.Contains("needs a token-secret", error.Message, StringComparison.Ordinal);
        Assert.True(ChannelSettingsReader.Read(
            Memory(("airwave:channels:live:require-token", "true"), ("airwave:channel-defaults:token-secret", "0123456789abcdef")), "live").Access.RequireToken);
    }

    [Fact]
    public void A_bad_default_names_the_defaults_section() =>
        Assert.Contains(
            "airwave.channel-defaults.max-listeners",
            Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channel-defaults:max-listeners", "many")), "live")).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Reads_IANA_time_zones() =>
        Assert.Equal("Europe/Berlin", ChannelSettingsReader.Read(Memory(("airwave:channels:live:time-zone", "Europe/Berlin")), "live").TimeZone.Id);

    [Fact]
    public void An_unknown_time_zone_fails_naming_the_channel()
    {
        var error = Assert.Throws<ConfigurationValueException>(() => ChannelSettingsReader.Read(Memory(("airwave:channels:live:time-zone", "Mars/Olympus")), "live"));

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
