using Airwave.Channels.Ingest;
using Airwave.Channels.Upstreams;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Upstreams;
using Airwave.TestFixtures;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests.Upstreams;

/// <summary>An upstream actor pulling a real channel actor from MP3 upstreams on loopback: failover, admin switch/next, on-demand and a graceful stop.</summary>
public sealed class UpstreamActorTests(ITestOutputHelper output) : TestKit(output: output), IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly UpstreamHttp http = new();
    private readonly ReadPacer pacer = new(TimeSpan.FromMilliseconds(250), TimeProvider.System);
    private readonly List<IActorRef> actors = [];
    private ChannelTestbed bed = null!;
    private LoopbackUpstream upstream = null!;

    public async Task InitializeAsync()
    {
        bed = await ChannelTestbed.CreateAsync(this);
        upstream = LoopbackUpstream.Start();
        // Twice real time: a 500 ms chunk every 250 ms.
        var mp3 = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        upstream.Map("/live", LoopbackUpstream.Paced("audio/mpeg", mp3, 32_000));
        upstream.Map("/backup", LoopbackUpstream.Paced("audio/mpeg", mp3, 32_000));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var actor in actors)
        {
            await actor.GracefulStop(AskTimeout, StopPulling.Instance);
        }

        await bed.DisposeAsync();
        await upstream.DisposeAsync();
        http.Dispose();
        pacer.Dispose();
    }

    [Fact]
    public async Task An_upstream_actor_pulls_its_upstream_into_the_channel_as_the_channels_source()
    {
        var (channel, actor) = StartPulling(Pull("/live"));

        await bed.WaitForSeqAsync(channel, 2);

        Assert.Equal(SourceState.Connected, channel.Source);
        Assert.Equal(upstream.Url("/live"), channel.SourceClient!.Remote);
        Assert.Equal(44_100, channel.Stream!.SampleRate);
        var reply = await UpstreamsOf(actor);
        Assert.Equal(0, reply.Active);
        Assert.True(reply.Connected);
        var only = Assert.Single(reply.Upstreams);
        Assert.Equal(("streaming", "icecast", 1L), (only.State, only.Detected, only.Connections));
        Assert.True(only.Bytes > 0);
        var request = Assert.Single(upstream.Requests);
        Assert.Equal("1", request.Headers["Icy-MetaData"]);
        Assert.Equal(UpstreamHttp.DefaultUserAgent, request.Headers["User-Agent"]);
    }

    [Fact]
    public async Task A_failing_first_upstream_is_retried_up_to_max_failures_then_the_upstream_actor_fails_over_to_the_second()
    {
        var (channel, actor) = StartPulling(Pull("/gone", "/live") with { MaxFailures = 2 });

        var reply = await AwaitUpstreamsAsync(actor, r => r.Active == 1 && r.Upstreams[1].State == "streaming");
        await bed.WaitForSeqAsync(channel, 1);

        var failed = reply.Upstreams[0];
        Assert.Equal(("failed", 2L, false), (failed.State, failed.Failures, failed.Active));
        Assert.Contains("404", failed.LastError, StringComparison.Ordinal);
        Assert.True(failed.Preferred);
        Assert.False(reply.Upstreams[1].Preferred);
        Assert.Equal(2, upstream.RequestsTo("/gone"));
        Assert.Equal(upstream.Url("/live"), channel.SourceClient!.Remote);
    }

    [Fact]
    public async Task Switching_to_a_url_not_in_the_list_adds_it_closes_the_old_upstream_and_pulls_the_new_one_as_preferred()
    {
        var (channel, actor) = StartPulling(Pull("/live"));
        await bed.WaitForSeqAsync(channel, 1);

        var reply = await actor.Ask<UpstreamsReply>(reply => new SwitchUpstream(upstream.Url("/backup"), reply), AskTimeout, default);

        Assert.Equal(2, reply.Upstreams.Count);
        Assert.Equal(1, reply.Active);
        Assert.True(reply.Connected);
        Assert.Equal(upstream.Url("/backup"), reply.Upstreams[1].Url);
        Assert.True(reply.Upstreams[1].Preferred);
        Assert.Equal(("idle", false), (reply.Upstreams[0].State, reply.Upstreams[0].Preferred));
        await AwaitAssertAsync(() => Assert.Equal(0, upstream.OpenTo("/live")), Patience);
        var before = channel.Buffer.Snapshot().LastSeq;
        await bed.WaitForSeqAsync(channel, before + 2);
        Assert.Equal(upstream.Url("/backup"), channel.SourceClient!.Remote);
        Assert.Equal(1, upstream.RequestsTo("/backup"));
    }

    [Fact]
    public async Task Next_moves_to_the_following_upstream_wrapping_around_and_makes_it_the_preferred_one()
    {
        var (channel, actor) = StartPulling(Pull("/live", "/backup"));
        await bed.WaitForSeqAsync(channel, 0);

        var second = await actor.Ask<UpstreamsReply>(reply => new NextUpstream(reply), AskTimeout, default);

        Assert.Equal(1, second.Active);
        Assert.Equal([false, true], second.Upstreams.Select(u => u.Preferred));
        await AwaitAssertAsync(() => Assert.Equal(upstream.Url("/backup"), channel.SourceClient?.Remote), Patience);

        var first = await actor.Ask<UpstreamsReply>(reply => new NextUpstream(reply), AskTimeout, default);

        Assert.Equal(0, first.Active);
        Assert.Equal([true, false], first.Upstreams.Select(u => u.Preferred));
        await AwaitAssertAsync(() => Assert.Equal(upstream.Url("/live"), channel.SourceClient?.Remote), Patience);
        await AwaitAssertAsync(() => Assert.Equal(0, upstream.OpenTo("/backup")), Patience);
    }

    [Fact]
    public async Task Once_the_preferred_upstream_is_back_the_upstream_actor_fails_back_to_it_after_fail_back_after()
    {
        var (channel, actor) = StartPulling(Pull("/flaky", "/live") with { MaxFailures = 1, FailBackAfter = TimeSpan.FromMinutes(1) });
        await AwaitUpstreamsAsync(actor, r => r.Active == 1 && r.Upstreams[1].State == "streaming");
        var mp3 = await File.ReadAllBytesAsync(SharedFixtures.Path("tone-128k-44100-stereo.mp3"));
        upstream.Map("/flaky", LoopbackUpstream.Paced("audio/mpeg", mp3, 32_000));

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        actor.Tell(UpstreamTick.Instance);

        var reply = await AwaitUpstreamsAsync(actor, r => r.Active == 0 && r.Upstreams[0].State == "streaming");
        Assert.Equal("idle", reply.Upstreams[1].State);
        await AwaitAssertAsync(() => Assert.Equal(0, upstream.OpenTo("/live")), Patience);
        await AwaitAssertAsync(() => Assert.Equal(upstream.Url("/flaky"), channel.SourceClient?.Remote), Patience);
    }

    [Fact]
    public async Task StopPulling_closes_the_upstream_connection_detaches_the_source_and_terminates_the_upstream_actor()
    {
        var (channel, actor) = StartPulling(Pull("/live"));
        await bed.WaitForSeqAsync(channel, 1);
        Assert.Equal(1, upstream.OpenTo("/live"));
        var probe = CreateTestProbe();
        probe.Watch(actor);

        actor.Tell(StopPulling.Instance);

        await probe.ExpectTerminatedAsync(actor, AskTimeout);
        await AwaitAssertAsync(() => Assert.Equal(0, upstream.OpenTo("/live")), Patience);
        await AwaitAssertAsync(() => Assert.Equal(SourceState.Lost, channel.Source), Patience);
        Assert.Equal(1, upstream.RequestsTo("/live"));
    }

    [Fact]
    public async Task An_on_demand_channel_connects_only_while_a_listener_is_counted_and_closes_idle_close_after_the_last_one_left()
    {
        var (channel, actor) = StartPulling(Pull("/live") with { OnDemand = true, IdleCloseAfter = TimeSpan.FromSeconds(10) });

        actor.Tell(UpstreamTick.Instance);
        var idle = await UpstreamsOf(actor);
        Assert.False(idle.Connected);
        Assert.Equal("idle", idle.Upstreams[0].State);
        Assert.Empty(upstream.Requests);

        using var listener = new ListenerHandle("10.0.0.1", "player", TimeSpan.Zero, bed.Clock.GetUtcNow().UtcDateTime);
        Assert.True(channel.Listeners.TryAdd(listener, 10));
        actor.Tell(UpstreamTick.Instance);
        Assert.True((await UpstreamsOf(actor)).Connected);
        await bed.WaitForSeqAsync(channel, 1);
        Assert.Equal(1, upstream.RequestsTo("/live"));

        channel.Listeners.Remove(listener);
        bed.Clock.Advance(TimeSpan.FromSeconds(9));
        actor.Tell(UpstreamTick.Instance);
        Assert.True((await UpstreamsOf(actor)).Connected);

        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        actor.Tell(UpstreamTick.Instance);
        var closed = await UpstreamsOf(actor);
        Assert.False(closed.Connected);
        Assert.Equal("idle", closed.Upstreams[0].State);
        await AwaitAssertAsync(() => Assert.Equal(0, upstream.OpenTo("/live")), Patience);
        Assert.Equal(1, upstream.RequestsTo("/live"));
    }

    private PullSettings Pull(params string[] paths) => new()
    {
        Upstreams = [.. paths.Select(p => UpstreamSettings.Of(upstream.Url(p)))],
        BackoffMin = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>A channel pulled by a new upstream actor; the upstream actor runs on the testbed's manual clock, so only the test moves idle and fail-back time.</summary>
    private (LiveChannel Channel, IActorRef UpstreamActor) StartPulling(PullSettings pull)
    {
        var channel = bed.Start(TestChannels.Settings() with { Pull = pull });
        var client = http;
        var reads = pacer;
        var clock = bed.Clock;
        var channelActor = bed.ActorOf(channel);
        var actor = Sys.ActorOf(Props.Create(() => new UpstreamActor(channel, channelActor, client, reads, clock, NullLogger.Instance, new Random(7))), "upstream-" + actors.Count);
        actors.Add(actor);
        return (channel, actor);
    }

    private static Task<UpstreamsReply> UpstreamsOf(IActorRef actor) =>
        actor.Ask<UpstreamsReply>(reply => new GetUpstreams(reply), AskTimeout, default);

    private async Task<UpstreamsReply> AwaitUpstreamsAsync(IActorRef actor, Func<UpstreamsReply, bool> condition)
    {
        UpstreamsReply? reached = null;
        await AwaitAssertAsync(
            async () =>
            {
                var reply = await UpstreamsOf(actor);
                Assert.True(condition(reply), $"upstreams: active {reply.Active}, {string.Join(", ", reply.Upstreams.Select(u => $"{u.Url} {u.State}"))}");
                reached = reply;
            },
            Patience);
        return reached!;
    }
}
