using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Airwave.Streaming.Tests.Hls;

public sealed class HlsSettingsTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["airwave:channel-defaults:hls:segment-duration"] = "4s",
        ["airwave:channel-defaults:hls:live-window"] = "2m",
        ["airwave:channels:radio-aac:hls:live-window"] = "30s",
        ["airwave:channels:radio-mp3:password"] = "pw",
        ["airwave:groups:radio:0"] = "radio-aac",
        ["airwave:groups:radio:1"] = "/radio-mp3",
    }).Build();

    [Fact]
    public void Channels_take_hls_settings_from_the_defaults_and_override_them_per_channel()
    {
        var aac = ChannelSettingsReader.Read(Configuration, "radio-aac");
        var mp3 = ChannelSettingsReader.Read(Configuration, "radio-mp3");

        Assert.Equal(TimeSpan.FromSeconds(4), aac.HlsSegmentDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), aac.HlsLiveWindow);
        Assert.Equal(TimeSpan.FromMinutes(2), mp3.HlsLiveWindow);
    }

    [Fact]
    public void Groups_list_their_members_in_configured_order_without_slashes()
    {
        var groups = AdaptiveGroups.Read(Configuration, []);

        Assert.True(groups.TryGetMembers("radio", out var members));
        Assert.Equal(["radio-aac", "radio-mp3"], members);
        Assert.False(groups.TryGetMembers("tv", out _));
    }
}
