using System.Text;
using Airwave.Streaming.Listeners;
using Xunit;

namespace Airwave.Streaming.Tests.Listeners;

public sealed class SharedUserAgentsTests
{
    private const string Vlc = "VLC/3.0.20 LibVLC/3.0.20";

    [Fact]
    public void Listeners_sending_the_same_agent_share_one_string()
    {
        var agents = new SharedUserAgents();
        var first = agents.Share(Encoding.Latin1.GetBytes(Vlc));
        var second = agents.Share(Encoding.Latin1.GetBytes(Vlc));
        var fromKestrel = agents.Share(new string(Vlc.AsSpan()));

        Assert.Equal(Vlc, first);
        Assert.Same(first, second);
        Assert.Same(first, fromKestrel);
        Assert.Equal(1, agents.Count);
    }

    [Fact]
    public void Different_agents_stay_different_and_bytes_read_as_Latin1()
    {
        var agents = new SharedUserAgents();
        Assert.Equal("Lavf/61.7.100", agents.Share(Encoding.Latin1.GetBytes("Lavf/61.7.100")));
        Assert.Equal("caf\u00e9 player", agents.Share(Encoding.Latin1.GetBytes("caf\u00e9 player")));
        Assert.Equal("", agents.Share(ReadOnlySpan<byte>.Empty));
        Assert.Equal("", agents.Share(""));
        Assert.Equal(2, agents.Count);
    }

    [Fact]
    public void An_agent_longer_than_the_limit_is_read_whole_and_not_kept()
    {
        var agents = new SharedUserAgents();
        var longAgent = new string('x', SharedUserAgents.MaxSharedLength + 1);

        Assert.Equal(longAgent, agents.Share(Encoding.Latin1.GetBytes(longAgent)));
        Assert.Same(longAgent, agents.Share(longAgent));
        Assert.Equal(0, agents.Count);

        var longest = new string('y', SharedUserAgents.MaxSharedLength);
        Assert.Same(agents.Share(longest), agents.Share(Encoding.Latin1.GetBytes(longest)));
    }

    [Fact]
    public void Clients_sending_a_new_agent_each_time_cannot_grow_the_table()
    {
        var agents = new SharedUserAgents();
        for (var i = 0; i < SharedUserAgents.MaxShared * 3; i++)
        {
            var agent = $"bot/{i}";
            Assert.Equal(agent, agents.Share(Encoding.Latin1.GetBytes(agent)));
            Assert.InRange(agents.Count, 1, SharedUserAgents.MaxShared);
        }

        var vlc = agents.Share(Vlc);
        Assert.Same(vlc, agents.Share(Encoding.Latin1.GetBytes(Vlc)));
    }
}
