using System.Globalization;
using System.IO.Pipelines;
using Airwave.Channels.Relay;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Relay;
using Airwave.Streaming.Rewind;
using Airwave.TestFixtures;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests.Relay;

/// <summary>A relay actor against an owner's feed served on loopback: it connects when wanted, closes when idle, reconnects after the owner cut it, and stops cleanly.</summary>
public sealed class RelayActorTests(ITestOutputHelper output) : TestKit(output: output), IAsyncLifetime
{
    private const string Secret = "s3cret";
    private const string FeedPath = "/internal/channels/live/feed";
    private const int Length = 400;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly LiveChannel owner = TestChannels.Detached();
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly List<(IActorRef Relay, LiveChannel Replica)> relays = [];
    private LoopbackUpstream server = null!;

    public Task InitializeAsync()
    {
        TestChannels.AppendRun(owner, 0, 10, Length);
        server = LoopbackUpstream.Start();
        server.Map(FeedPath, ServeFeedAsync);
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var (relay, replica) in relays)
        {
            await relay.GracefulStop(StopTimeout, StopRelay.Instance);
            replica.Dispose();
        }

        await server.DisposeAsync();
        http.Dispose();
        owner.Dispose();
    }

    [Fact]
    public async Task Without_an_owner_a_wanted_relay_keeps_looking_for_one_and_never_crashes()
    {
        var lookups = 0;
        var replica = Replica();
        var relay = StartRelay(replica, TimeProvider.System, (_, _) => Interlocked.Increment(ref lookups) % 2 == 0
            ? Task.FromException<string?>(new InvalidOperationException("the cluster database is down"))
            : Task.FromResult<string?>(null));

        await EventFilter.Exception<Exception>().ExpectAsync(0, async () =>
        {
            replica.Relay!.Touch(TimeProvider.System.GetUtcNow().UtcTicks);
            await AwaitAssertAsync(() => Assert.True(Volatile.Read(ref lookups) >= 4, $"{lookups} lookups"), Patience);
        });

        Assert.False(replica.Relay!.Connected);
        Assert.False(replica.Relay.IsReady);
        Assert.Null(replica.Relay.Owner);
        Assert.Equal(0, replica.Relay.Reconnects);
        Assert.True(replica.Buffer.Snapshot().IsEmpty);
        Assert.Empty(server.Requests);
        var probe = CreateTestProbe();
        probe.Watch(relay);
        relay.Tell(StopRelay.Instance);
        await probe.ExpectTerminatedAsync(relay, StopTimeout);
    }

    [Fact]
    public async Task A_wanted_relay_finds_the_owner_and_copies_its_feed_into_the_replica_then_follows_live()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        var replica = Replica();
        StartRelay(replica, clock, OwnerIsServer);

        replica.Relay!.Touch(clock.GetUtcNow().UtcTicks);

        await AwaitAssertAsync(() => Assert.True(replica.Relay.IsReady && replica.Buffer.Snapshot().LastSeq == 9), Patience);
        Assert.True(replica.Relay.Connected);
        Assert.Equal(server.Address, replica.Relay.Owner);
        var request = Assert.Single(server.Requests);
        Assert.Equal(FeedPath, request.Path);
        Assert.Equal("behind=14400", request.Query);
        Assert.Equal("Bearer " + Secret, request.Headers["Authorization"]);

        TestChannels.AppendRun(owner, 10, 2, Length, TestChannels.Origin + (TestChannels.HalfSecond * 10));
        owner.Signal.Publish();

        await AwaitAssertAsync(() => Assert.Equal(11, replica.Buffer.Snapshot().LastSeq), Patience);
        Assert.Equal(12, replica.Buffer.Snapshot().Count);
    }

    [Fact]
    public async Task StopRelay_closes_the_open_feed_and_terminates_the_relay()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        var replica = Replica();
        var relay = StartRelay(replica, clock, OwnerIsServer);
        replica.Relay!.Touch(clock.GetUtcNow().UtcTicks);
        await AwaitAssertAsync(() => Assert.True(replica.Relay.IsReady), Patience);
        Assert.Equal(1, server.OpenTo(FeedPath));
        var probe = CreateTestProbe();
        probe.Watch(relay);

        relay.Tell(StopRelay.Instance);

        await probe.ExpectTerminatedAsync(relay, StopTimeout);
        await AwaitAssertAsync(() => Assert.Equal(0, server.OpenTo(FeedPath)), Patience);
        Assert.Equal(1, server.RequestsTo(FeedPath));
    }

    [Fact]
    public async Task An_unwanted_relay_closes_its_feed_after_idle_close_after_and_resumes_after_its_newest_chunk_when_wanted_again()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        var replica = Replica();
        StartRelay(replica, clock, OwnerIsServer);
        replica.Relay!.Touch(clock.GetUtcNow().UtcTicks);
        await AwaitAssertAsync(() => Assert.True(replica.Relay.IsReady && replica.Buffer.Snapshot().LastSeq == 9), Patience);

        clock.Advance(TimeSpan.FromSeconds(10));

        await AwaitAssertAsync(() => Assert.False(replica.Relay.Connected), Patience);
        Assert.False(replica.Relay.IsReady);
        Assert.Equal(0, replica.Relay.Reconnects);
        await AwaitAssertAsync(() => Assert.Equal(0, server.OpenTo(FeedPath)), Patience);

        TestChannels.AppendRun(owner, 10, 2, Length, TestChannels.Origin + (TestChannels.HalfSecond * 10));
        replica.Relay.Touch(clock.GetUtcNow().UtcTicks);

        await AwaitAssertAsync(() => Assert.True(replica.Relay.IsReady && replica.Buffer.Snapshot().LastSeq == 11), Patience);
        Assert.Equal(["behind=14400", "after=9"], server.Requests.Select(r => r.Query));
        Assert.Equal(12, replica.Buffer.Snapshot().Count);
    }

    [Fact]
    public async Task A_request_waiting_for_a_slow_owner_keeps_the_feed_open_past_idle_close_after_and_is_served_once_it_caught_up()
    {
        var clock = new ManualTimeProvider(TestChannels.Origin);
        var lookups = 0;
        var owned = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replica = Replica();
        StartRelay(replica, clock, (_, _) =>
        {
            Interlocked.Increment(ref lookups);
            return owned.Task;
        });
        var waiting = replica.Relay!.WaitReadyAsync(clock.GetUtcNow().UtcTicks, CancellationToken.None);
        await AwaitAssertAsync(() => Assert.Equal(1, Volatile.Read(ref lookups)), Patience);
        Assert.Equal(1, replica.Relay.Waiting);

        // Longer than idle-close-after with nobody listening yet: the waiting request alone is the demand, renewed on the relay's tick.
        clock.Advance(TimeSpan.FromSeconds(30));
        await AwaitAssertAsync(() => Assert.Equal(clock.GetUtcNow().UtcTicks, replica.Relay.LastWantedTicks), Patience);
        owned.SetResult(server.Address);

        await waiting.WaitAsync(Patience);
        Assert.True(replica.Relay.IsReady);
        Assert.Equal(0, replica.Relay.Waiting);
        Assert.Equal(9, replica.Buffer.Snapshot().LastSeq);
        Assert.True(replica.Relay.Connected);
        Assert.Equal(["behind=14400"], server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task When_the_owner_cuts_the_feed_the_relay_reconnects_after_its_newest_chunk_and_counts_a_reconnect()
    {
        var replica = Replica();
        StartRelay(replica, TimeProvider.System, OwnerIsServer);
        replica.Relay!.Touch(TimeProvider.System.GetUtcNow().UtcTicks);
        await AwaitAssertAsync(() => Assert.True(replica.Relay.IsReady && replica.Buffer.Snapshot().LastSeq == 9), Patience);

        server.Cut();

        await AwaitAssertAsync(() => Assert.Equal(2, server.RequestsTo(FeedPath)), Patience);
        Assert.Equal("after=9", server.Requests[1].Query);
        await AwaitAssertAsync(() => Assert.True(replica.Relay.Connected && replica.Relay.Reconnects == 1), Patience);
        TestChannels.AppendRun(owner, 10, 2, Length, TestChannels.Origin + (TestChannels.HalfSecond * 10));
        owner.Signal.Publish();
        await AwaitAssertAsync(() => Assert.Equal(11, replica.Buffer.Snapshot().LastSeq), Patience);
        Assert.Equal(12, replica.Buffer.Snapshot().Count);
    }

    [Fact]
    public async Task A_relay_whose_listener_waits_for_an_owner_wakes_itself_only_on_its_ticks_not_in_a_loop()
    {
        var lookups = 0;
        var wakeUps = 0;
        var replica = Replica();
        replica.Relay!.Wanted += (_, _) => Interlocked.Increment(ref wakeUps);
        using var listener = new ListenerHandle("10.0.0.1", "player", TimeSpan.Zero, DateTime.UtcNow);
        Assert.True(replica.Listeners.TryAdd(listener, 10));

        StartRelay(replica, TimeProvider.System, (_, _) =>
        {
            Interlocked.Increment(ref lookups);
            return Task.FromResult<string?>(null);
        });
        await AwaitAssertAsync(() => Assert.True(Volatile.Read(ref lookups) >= 3, $"{lookups} lookups"), Patience);

        // Three lookups are at least 600 ms of backoff apart, a few 250 ms ticks; a relay that re-wakes itself from its own tick spins thousands of times meanwhile.
        var woken = Volatile.Read(ref wakeUps);
        Assert.True(woken <= 50, $"the relay woke itself {woken} times during {Volatile.Read(ref lookups)} owner lookups");
    }

    private static LiveChannel Replica() =>
        new(TestChannels.Settings(), new RewindBuffer(new RewindBufferOptions { MaxDuration = TimeSpan.FromHours(4), RecycleGuard = TimeSpan.Zero }), TimeProvider.System)
        {
            Relay = new RelayState(),
            Source = SourceState.Connected,
        };

    private Task<string?> OwnerIsServer(string id, CancellationToken cancellationToken) => Task.FromResult<string?>(id == "live" ? server.Address : null);

    private IActorRef StartRelay(LiveChannel replica, TimeProvider clock, Func<string, CancellationToken, Task<string?>> locateOwner)
    {
        var options = new RelayOptions { Secret = Secret, LocateOwner = locateOwner };
        var client = http;
        var relay = Sys.ActorOf(Props.Create(() => new RelayActor(replica, options, client, clock, NullLogger.Instance)), "relay-" + relays.Count);
        relays.Add((relay, replica));
        return relay;
    }

    /// <summary>The owner's side of <c>/internal/channels/live/feed</c>: the feed writer over <see cref="owner"/>, from where the query says.</summary>
    private async Task ServeFeedAsync(UpstreamRequest request, Stream stream, CancellationToken cancellationToken)
    {
        var query = request.Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var start = new FeedStart(
            query.TryGetValue("after", out var after) ? after : (long?)null,
            TimeSpan.FromSeconds(query.GetValueOrDefault("behind")),
            query.TryGetValue("segment", out var segment) ? segment : (long?)null);
        await LoopbackUpstream.HeadAsync(stream, "application/octet-stream", null, cancellationToken);
        var output = PipeWriter.Create(stream);
        await new ChannelFeedWriter(owner, output, () => true).RunAsync(start, TestChannels.Origin + TimeSpan.FromMinutes(1), cancellationToken);
    }
}
