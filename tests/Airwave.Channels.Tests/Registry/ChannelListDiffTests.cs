using Airwave.Channels.Registry;
using Airwave.Streaming.Upstreams;
using Xunit;

namespace Airwave.Channels.Tests.Registry;

public sealed class ChannelListDiffTests
{
    [Fact]
    public void Starts_what_is_missing_stops_what_the_list_dropped_and_restarts_only_what_changed()
    {
        RuntimeChannel[] running = [Listed("jazz", "http://a/jazz"), Listed("news", "http://a/news"), Listed("old", "http://a/old")];
        RuntimeChannel[] listed = [Listed("jazz", "http://a/jazz"), Listed("news", "http://b/news"), Listed("rock", "http://a/rock")];

        var diff = ChannelListDiff.Of(listed, running, _ => false);

        Assert.Equal(["rock"], diff.Start.Select(c => c.Name));
        Assert.Equal(["old"], diff.Stop);
        Assert.Equal(["news"], diff.Restart.Select(c => c.Name));
        Assert.Equal(["jazz"], diff.Unchanged);
        Assert.Empty(diff.Conflicts);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void Channels_of_the_configuration_file_and_of_the_admin_api_are_never_touched()
    {
        RuntimeChannel[] running = [new("manual", "pw", [], false), new("gone-manual", "pw", [], false)];
        RuntimeChannel[] listed = [Listed("manual", "http://a/x"), Listed("configured", "http://a/y")];

        var diff = ChannelListDiff.Of(listed, running, name => name == "configured");

        Assert.True(diff.IsEmpty);
        Assert.Equal(
            ["manual: added through the admin API; remove it there to let the list manage it", "configured: defined in the configuration file, which wins"],
            diff.Conflicts);
    }

    [Fact]
    public void Equal_definitions_built_apart_are_the_same_and_any_field_makes_them_differ()
    {
        var a = Listed("jazz", "http://a/jazz");

        Assert.True(a.SameAs(Listed("jazz", "http://a/jazz")));
        Assert.False(a.SameAs(a with { Title = "Jazz FM" }));
        Assert.False(a.SameAs(a with { OnDemand = true }));
        Assert.False(a.SameAs(a with { Upstreams = [new UpstreamSettings("http://a/jazz", UpstreamType.Auto, "", new Dictionary<string, string> { ["Referer"] = "x" })] }));
    }

    private static RuntimeChannel Listed(string name, string url) =>
        new(name, "", [new UpstreamSettings(url, UpstreamType.Auto, "", new Dictionary<string, string>())], false, "", Listed: true);
}
