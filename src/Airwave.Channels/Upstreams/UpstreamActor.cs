using Airwave.Channels.Ingest;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Upstreams;
using Akka.Actor;
using Akka.Streams;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Upstreams;

/// <summary>
/// Pulls one channel from its upstreams: one connection at a time, reconnects with backoff, fails over along the list,
/// probes the preferred upstream to fail back, opens and closes on demand, and takes the admin API's switch/next.
/// </summary>
/// <remarks>
/// Each connection is a pull session (a task) that attaches to the channel under a new source id, so every reconnect or
/// switch marks a discontinuity while the channel's sequence keeps counting. The actor awaits the old session's end
/// before starting the next, so the channel always sees the old source detach before the new one attaches.
/// Awaits on the actor's turn keep the actor's task scheduler (<c>ConfigureAwait(true)</c>): Akka's <c>Self</c>,
/// <c>Context</c> and timers only work there, and the mailbox stays suspended until the handler's task completes.
/// </remarks>
public sealed class UpstreamActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    // Bound to this actor: one for all its runs, stopped with it. ActorSystem.Materializer() makes a new supervisor
    // actor at every call and none is ever stopped, so one per run leaked an actor per reconnect or restart.
    private readonly IMaterializer materializer = Context.Materializer();

    private readonly LiveChannel channel;
    private readonly IActorRef channelActor;
    private readonly UpstreamHttp http;
    private readonly ReadPacer pacer;
    private readonly TimeProvider clock;
    private readonly Random random;
    private readonly List<UpstreamHealth> upstreams = [];
    private readonly PullSettings settings;
    private readonly ILogger log;
    private FailoverPolicy policy = null!;
    private int generation;
    private long failovers;
    private Task? session;
    private CancellationTokenSource? sessionCancel;
    private long? streamingSinceTicks;
    private long lastProbeTicks;
    private long lastListenerTicks;
    private bool probing;

    public UpstreamActor(LiveChannel channel, IActorRef channelActor, UpstreamHttp http, ReadPacer pacer, TimeProvider clock, ILogger log, Random random)
    {
        this.channel = channel;
        this.channelActor = channelActor;
        this.http = http;
        this.pacer = pacer;
        this.clock = clock;
        this.log = log;
        this.random = random;
        settings = channel.Settings.Pull;
        Receive<ConnectUpstream>(Connect);
        Receive<SessionStreaming>(Streaming);
        Receive<SessionEnded>(Ended);
        ReceiveAsync<UpstreamTick>(_ => Tick());
        ReceiveAsync<FailBackProbed>(Probed);
        ReceiveAsync<SwitchUpstream>(Switch);
        ReceiveAsync<NextUpstream>(Next);
        Receive<GetUpstreams>(get => Reply(get.ReplyTo));
        ReceiveAsync<StopPulling>(_ => StopAsync());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private string Mount => channel.Settings.Mount;

    private long Now => clock.GetUtcNow().UtcTicks;

    protected override void PreStart()
    {
        upstreams.Clear();
        upstreams.AddRange(settings.Upstreams.Select(u => new UpstreamHealth(u)));
        policy = NewPolicy();
        lastListenerTicks = Now;
        TickWhenNeeded();
        if (!settings.OnDemand)
        {
            StartSession();
        }
        else
        {
            log.LogInformation("{Mount} pulls on demand from {Url} once a listener arrives", Mount, upstreams[0].Upstream.Url);
        }
    }

    /// <summary>An upstream actor stopped any other way (its parent failing) still closes its upstream connection, without waiting for it.</summary>
    protected override void PostStop() => sessionCancel?.Cancel();

    private async Task StopAsync()
    {
        Timers.CancelAll();
        await StopSessionAsync().ConfigureAwait(true);
        Context.Stop(Self);
    }

    /// <summary>
    /// Ticks only where a tick can decide something: opening and closing an on-demand upstream, and failing back to a
    /// preferred upstream. A channel pulled from its only upstream all the time has none, and 200 such channels ticking
    /// twice a second each woke the thread pool 400 times a second for nothing.
    /// </summary>
    private void TickWhenNeeded()
    {
        if ((settings.OnDemand || upstreams.Count > 1) && !Timers.IsTimerActive("tick"))
        {
            Timers.StartPeriodicTimer("tick", UpstreamTick.Instance, TickInterval);
        }
    }

    private FailoverPolicy NewPolicy() =>
        new(upstreams.Count, settings.MaxFailures, settings.NoDataTimeout, new ReconnectBackoff(settings.BackoffMin, settings.BackoffMax, settings.BackoffJitter, random));

    private void Connect(ConnectUpstream connect)
    {
        if (connect.Generation == generation && session is null && (!settings.OnDemand || !IdleLongEnough()))
        {
            StartSession();
        }
    }

    private void Streaming(SessionStreaming streaming)
    {
        if (streaming.Generation != generation)
        {
            return;
        }

        policy.Streaming();
        var health = upstreams[policy.Current];
        health.Streaming(clock.GetUtcNow().UtcDateTime);
        streamingSinceTicks = Now;
        log.LogInformation("{Mount} pulling from upstream {Index} {Url}", Mount, policy.Current, health.Upstream.Url);
    }

    private void Ended(SessionEnded ended)
    {
        if (ended.Generation != generation)
        {
            return;
        }

        session = null;
        sessionCancel?.Dispose();
        sessionCancel = null;
        streamingSinceTicks = null;
        if (ended.Error is null)
        {
            return;
        }

        var failed = policy.Current;
        var decision = policy.Failed(Now, ended.Kind);
        upstreams[failed].Failed(ended.Error, clock.GetUtcNow().UtcDateTime, decision.Moved ? UpstreamState.Failed : UpstreamState.Backoff);
        if (decision.Moved)
        {
            failovers++;
            log.LogWarning("{Mount}: upstream {Index} {Url} failed ({Kind}): {Error}; failing over to upstream {Next} {NextUrl} in {Delay:0.0}s",
                Mount, failed, upstreams[failed].Upstream.Url, ended.Kind, ended.Error, decision.Index, upstreams[decision.Index].Upstream.Url, decision.Delay.TotalSeconds);
        }
        else
        {
            log.LogWarning("{Mount}: upstream {Index} {Url} failed ({Kind}): {Error}; retrying in {Delay:0.0}s",
                Mount, failed, upstreams[failed].Upstream.Url, ended.Kind, ended.Error, decision.Delay.TotalSeconds);
            upstreams[failed].State = UpstreamState.Backoff;
        }

        if (decision.Delay <= TimeSpan.Zero)
        {
            Self.Tell(new ConnectUpstream(generation));
        }
        else
        {
            Timers.StartSingleTimer("connect", new ConnectUpstream(generation), decision.Delay);
        }
    }

    private async Task Tick()
    {
        var now = Now;
        if (settings.OnDemand)
        {
            if (channel.Listeners.Count > 0)
            {
                lastListenerTicks = now;
                if (session is null && !Timers.IsTimerActive("connect"))
                {
                    log.LogInformation("{Mount}: a listener arrived, opening the upstream", Mount);
                    StartSession();
                }
            }
            else if ((session is not null || Timers.IsTimerActive("connect")) && IdleLongEnough())
            {
                log.LogInformation("{Mount}: no listener for {Idle}, closing the upstream", Mount, settings.IdleCloseAfter);
                Timers.Cancel("connect");
                await StopSessionAsync().ConfigureAwait(true);
                upstreams[policy.Current].Idle();
            }
        }

        if (policy.WantsFailBack && !probing && settings.FailBackAfter > TimeSpan.Zero && streamingSinceTicks is { } since
            && now - Math.Max(since, lastProbeTicks) >= settings.FailBackAfter.Ticks)
        {
            probing = true;
            lastProbeTicks = now;
            var index = policy.Preferred;
            var self = Self;
            var probe = upstreams[index].Upstream;
            _ = Task.Run(async () => self.Tell(new FailBackProbed(index, await ProbeAsync(probe).ConfigureAwait(false))));
        }
    }

    private async Task Probed(FailBackProbed probed)
    {
        probing = false;
        if (!policy.WantsFailBack || probed.Index != policy.Preferred)
        {
            return;
        }

        if (probed.Error is not null)
        {
            log.LogInformation("{Mount}: preferred upstream {Url} still unavailable: {Error}", Mount, upstreams[probed.Index].Upstream.Url, probed.Error);
            return;
        }

        log.LogInformation("{Mount}: preferred upstream {Url} is back, failing back", Mount, upstreams[probed.Index].Upstream.Url);
        await RestartAtAsync(probed.Index, sticky: false).ConfigureAwait(true);
    }

    private async Task Switch(SwitchUpstream change)
    {
        var index = upstreams.FindIndex(u => u.Upstream.Url == change.Url);
        if (index < 0)
        {
            upstreams.Add(new UpstreamHealth(UpstreamSettings.Of(change.Url)));
            index = upstreams.Count - 1;
            var current = policy.Current;
            policy = NewPolicy();
            policy.SwitchTo(current, sticky: false);
            TickWhenNeeded();
        }

        log.LogInformation("{Mount}: switching to upstream {Index} {Url} on request", Mount, index, change.Url);
        await RestartAtAsync(index, sticky: true).ConfigureAwait(true);
        Reply(change.ReplyTo);
    }

    private async Task Next(NextUpstream next)
    {
        var index = policy.NextIndex;
        log.LogInformation("{Mount}: moving to upstream {Index} {Url} on request", Mount, index, upstreams[index].Upstream.Url);
        await RestartAtAsync(index, sticky: true).ConfigureAwait(true);
        Reply(next.ReplyTo);
    }

    private void Reply(IActorRef replyTo)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var statuses = upstreams.Select((u, i) => u.Snapshot(i, i == policy.Current, i == policy.Preferred, now)).ToList();
        replyTo.Tell(new UpstreamsReply(policy.Current, session is not null, statuses, failovers));
    }

    private async Task RestartAtAsync(int index, bool sticky)
    {
        Timers.Cancel("connect");
        var previous = policy.Current;
        await StopSessionAsync().ConfigureAwait(true);
        upstreams[previous].Idle();
        policy.SwitchTo(index, sticky);
        streamingSinceTicks = null;
        if (!settings.OnDemand || channel.Listeners.Count > 0)
        {
            StartSession();
        }
    }

    private bool IdleLongEnough() => channel.Listeners.Count == 0 && Now - lastListenerTicks >= settings.IdleCloseAfter.Ticks;

    private void StartSession()
    {
        generation++;
        var current = generation;
        var health = upstreams[policy.Current];
        health.Connecting();
        var self = Self;
        var cancel = new CancellationTokenSource();
        var context = new PullContext(channel, channelActor, health, settings, http.Client(settings.MaxRedirects), pacer, materializer, clock, log, () => self.Tell(new SessionStreaming(current)));
        sessionCancel = cancel;
        session = Task.Run(() => RunSessionAsync(context, current, self, cancel.Token));
    }

    private static async Task RunSessionAsync(PullContext context, int current, IActorRef self, CancellationToken cancellationToken)
    {
        var kind = UpstreamFailureKind.Failed;
        string? error;
        try
        {
            await PullSession.RunAsync(context, cancellationToken).ConfigureAwait(false);
            error = "the upstream ended";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = null;
        }
        catch (UpstreamException e)
        {
            kind = e.Kind;
            error = e.Message;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or AskTimeoutException or OperationCanceledException
            or UriFormatException or InvalidDataException)
        {
            error = e.Message;
        }
        finally
        {
            context.Detach("upstream closed");
        }

        self.Tell(new SessionEnded(current, kind, error));
    }

    private async Task StopSessionAsync()
    {
        generation++;
        if (session is not { } running)
        {
            return;
        }

        await sessionCancel!.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.LogWarning("{Mount}: the pull session did not stop within {Timeout}", Mount, StopTimeout);
        }

        sessionCancel.Dispose();
        sessionCancel = null;
        session = null;
        streamingSinceTicks = null;
    }

    private async Task<string?> ProbeAsync(UpstreamSettings upstream)
    {
        try
        {
            using var response = await UpstreamHttp.GetAsync(http.Client(settings.MaxRedirects), upstream, new Uri(upstream.Url), icyMetadata: false, settings.NoDataTimeout, CancellationToken.None)
                .ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var head = new byte[UpstreamSniffer.SniffBytes];
            var filled = 0;
            using var timer = new CancellationTokenSource(settings.NoDataTimeout);
            int read;
            while (filled < head.Length && (read = await body.ReadAsync(head.AsMemory(filled), timer.Token).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            return UpstreamSniffer.Sniff(UpstreamHttp.MediaType(response), head.AsSpan(0, filled), out var reason) is null ? reason : null;
        }
        catch (UpstreamException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return e.Message;
        }
    }
}
