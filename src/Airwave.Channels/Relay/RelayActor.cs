using Airwave.Streaming.Channels;
using Airwave.Streaming.Relay;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Relay;

/// <summary>Relays one channel owned by another node (<c>/user/relays/&lt;channel&gt;</c>): pulls its feed while someone listens, into a local rewind replica.</summary>
/// <remarks>
/// The feed connects when the first listener (raw or HLS) arrives and closes <see cref="RelayOptions.IdleCloseAfter"/>
/// after the last one left; a request still waiting for the feed to catch up counts as a listener. When it ends for any
/// other reason (owner killed, channel moved, network) the relay finds the owner again and reconnects with <c>after=</c>
/// its newest chunk, retrying with a short backoff: listeners stay connected and wait for the next chunk, so the gap is
/// the time the cluster needs to give the channel a new owner.
/// </remarks>
public sealed class RelayActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private readonly LiveChannel replica;
    private readonly RelayOptions options;
    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly RelayState state;
    private CancellationTokenSource? feedStop;
    private Task feed = Task.CompletedTask;
    private bool idleClosing;
    private EventHandler? wanted;
    private long retryAtTicks;
    private TimeSpan backoff = MinBackoff;
    private int failures;

    public RelayActor(LiveChannel replica, RelayOptions options, HttpClient http, TimeProvider clock, ILogger log)
    {
        this.replica = replica;
        this.options = options;
        this.http = http;
        this.clock = clock;
        this.log = log;
        state = replica.Relay ?? throw new ArgumentException("the channel is not a relay", nameof(replica));
        Receive<RelayTick>(_ => Tick());
        Receive<RelayFeedEnded>(Ended);
        ReceiveAsync<StopRelay>(_ => StopAsync());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private long Now => clock.GetUtcNow().UtcTicks;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", RelayTick.Instance, TickInterval);
        var self = Self;
        wanted = (_, _) => self.Tell(RelayTick.Instance);
        state.Wanted += wanted;
    }

    /// <summary>A relay stopped any other way (its parent failing) still closes its feed, without waiting for it; a restarted one subscribes anew.</summary>
    protected override void PostStop()
    {
        state.Wanted -= wanted;
        feedStop?.Cancel();
    }

    private async Task StopAsync()
    {
        Timers.CancelAll();
        if (feedStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(true);
        }

        await feed.ConfigureAwait(true);
        feedStop?.Dispose();
        feedStop = null;
        Context.Stop(Self);
    }

    private void Tick()
    {
        var now = Now;
        // A request waiting for the feed to catch up is not a listener yet; a slow owner must not make its feed idle-close under it.
        if (replica.Listeners.Count > 0 || replica.HlsSessions.Active(now) > 0 || state.Waiting > 0)
        {
            state.Renew(now);
        }

        var wanted = now - state.LastWantedTicks < options.IdleCloseAfter.Ticks;
        if (wanted && feedStop is null && now >= retryAtTicks)
        {
            Connect();
        }
        else if (!wanted && feedStop is { } stop && !idleClosing)
        {
            idleClosing = true;
            log.LogInformation("{Mount}: no listener for {Idle}, closing the relay feed", replica.Settings.Mount, options.IdleCloseAfter);
            stop.Cancel();
        }

        ListenerSweep.DropLaggards(replica, now, log);
    }

    private void Connect()
    {
        var stop = new CancellationTokenSource();
        feedStop = stop;
        var self = Self;
        var held = replica.Buffer.Snapshot();
        var start = new FeedStart(held.IsEmpty ? null : held.LastSeq, replica.Buffer.MaxDuration, replica.Segments.Latest?.MediaSequence);
        var retrying = failures > 1;
        feed = Task.Run(async () =>
        {
            var end = await RunFeedAsync(start, retrying, log, stop.Token).ConfigureAwait(false);
            self.Tell(new RelayFeedEnded(end, stop.IsCancellationRequested));
        }, CancellationToken.None);
    }

    /// <summary>Finds the owner and runs one feed connection; off the actor's turn, so it touches only what it is given.</summary>
    private async Task<RelayFeedEnd> RunFeedAsync(FeedStart start, bool retrying, ILogger log, CancellationToken cancellationToken)
    {
        string? owner;
        try
        {
            owner = await options.LocateOwner(replica.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new RelayFeedEnd("closed", 0);
        }
#pragma warning disable CA1031 // Any failure to read the leases (database down) is retried like an unreachable owner.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new RelayFeedEnd("cannot find the owner: " + e.Message, 0);
        }

        if (owner is null)
        {
            return new RelayFeedEnd("the channel has no live owner", 0);
        }

        var query = start.AfterSeq is { } after ? $"after={after}" : $"behind={(long)start.Behind.TotalSeconds}";
        if (start.AfterSegment is { } segment)
        {
            query += $"&segment={segment}";
        }

        var url = new Uri($"http://{owner}/internal/channels/{Uri.EscapeDataString(replica.Id)}/feed?{query}");
        // Retries during a failover come every few hundred milliseconds: only the first attempt is worth a line.
        log.Log(retrying ? LogLevel.Debug : LogLevel.Information, "{Mount}: relaying from {Owner} ({Query})", replica.Settings.Mount, owner, query);
        Action? reconnected = retrying ? () => log.LogInformation("{Mount}: relaying from {Owner} again", replica.Settings.Mount, owner) : null;
        return await new RelayFeed(replica, http, options.Secret).RunAsync(url, owner, reconnected, cancellationToken).ConfigureAwait(false);
    }

    private void Ended(RelayFeedEnded ended)
    {
        feedStop?.Dispose();
        feedStop = null;
        state.MarkDisconnected(unexpected: !idleClosing && ended.End.Connected);
        if (idleClosing)
        {
            idleClosing = false;
            state.MarkStale();
            return;
        }

        if (ended.End.Chunks > 0)
        {
            failures = 0;
            backoff = MinBackoff;
        }

        failures++;
        if (failures == 1 || failures % 20 == 0)
        {
            log.LogWarning("{Mount}: relay feed ended ({Reason}) after {Chunks} chunks; reconnecting", replica.Settings.Mount, ended.End.Reason, ended.End.Chunks);
        }

        retryAtTicks = Now + backoff.Ticks;
        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
    }
}
