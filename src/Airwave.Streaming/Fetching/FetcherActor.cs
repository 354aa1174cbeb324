using Airwave.Actors;
using Airwave.Streaming.Channels;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Fetching;

/// <summary>
/// Pulls one channel from its upstreams: one connection at a time, reconnects with backoff, fails over along the list,
/// probes the preferred upstream to fail back, opens and closes on demand, and takes the admin API's switch/next.
/// </summary>
/// <remarks>
/// Each connection is a pull session (a task) that attaches to the channel under a new source id, so every reconnect or
/// switch marks a discontinuity while the channel's sequence keeps counting. The actor awaits the old session's end
/// before starting the next, so the channel always sees the old source detach before the new one attaches.
/// </remarks>
public sealed class FetcherActor : Actor<FetcherCommand>
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private readonly LiveChannel channel;
    private readonly UpstreamHttp http;
    private readonly TimeProvider clock;
    private readonly Random random;
    private readonly List<UpstreamHealth> upstreams = [];
    private readonly PullSettings settings;
    private FailoverPolicy policy = null!;
    private int generation;
    private Task? session;
    private CancellationTokenSource? sessionCancel;
    private long? streamingSinceTicks;
    private long lastProbeTicks;
    private long lastListenerTicks;
    private bool probing;

    public FetcherActor(LiveChannel channel, UpstreamHttp http, TimeProvider clock, Random? random = null)
    {
        this.channel = channel;
        this.http = http;
        this.clock = clock;
        this.random = random ?? new Random();
        settings = channel.Settings.Pull;
    }

    private string Mount => channel.Settings.Mount;

    private long Now => clock.GetUtcNow().UtcTicks;

    protected override ValueTask PreStartAsync()
    {
        upstreams.Clear();
        upstreams.AddRange(settings.Upstreams.Select(u => new UpstreamHealth(u)));
        policy = NewPolicy();
        lastListenerTicks = Now;
        Context.Timers.StartPeriodicTimer("tick", FetcherTick.Instance, TickInterval);
        if (!settings.OnDemand)
        {
            StartSession();
        }
        else
        {
            Context.Log.LogInformation("{Mount} pulls on demand from {Url} once a listener arrives", Mount, upstreams[0].Upstream.Url);
        }

        return ValueTask.CompletedTask;
    }

    protected override async ValueTask PostStopAsync() => await StopSessionAsync().ConfigureAwait(false);

    protected override ValueTask ReceiveAsync(FetcherCommand message) => message switch
    {
        ConnectUpstream connect => Connect(connect),
        SessionStreaming streaming => Streaming(streaming),
        SessionEnded ended => Ended(ended),
        FetcherTick => Tick(),
        FailBackProbed probed => Probed(probed),
        SwitchUpstream change => Switch(change),
        NextUpstream next => Next(next),
        GetUpstreams get => Reply(get.ReplyTo),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "unknown fetcher command"),
    };

    private FailoverPolicy NewPolicy() =>
        new(upstreams.Count, settings.MaxFailures, settings.NoDataTimeout, new ReconnectBackoff(settings.BackoffMin, settings.BackoffMax, settings.BackoffJitter, random));

    private ValueTask Connect(ConnectUpstream connect)
    {
        if (connect.Generation == generation && session is null && (!settings.OnDemand || !IdleLongEnough()))
        {
            StartSession();
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask Streaming(SessionStreaming streaming)
    {
        if (streaming.Generation != generation)
        {
            return ValueTask.CompletedTask;
        }

        policy.Streaming();
        var health = upstreams[policy.Current];
        health.Streaming(clock.GetUtcNow().UtcDateTime);
        streamingSinceTicks = Now;
        Context.Log.LogInformation("{Mount} pulling from upstream {Index} {Url}", Mount, policy.Current, health.Upstream.Url);
        return ValueTask.CompletedTask;
    }

    private ValueTask Ended(SessionEnded ended)
    {
        if (ended.Generation != generation)
        {
            return ValueTask.CompletedTask;
        }

        session = null;
        sessionCancel?.Dispose();
        sessionCancel = null;
        streamingSinceTicks = null;
        if (ended.Error is null)
        {
            return ValueTask.CompletedTask;
        }

        var failed = policy.Current;
        var decision = policy.Failed(Now, ended.Kind);
        upstreams[failed].Failed(ended.Error, clock.GetUtcNow().UtcDateTime, decision.Moved ? UpstreamState.Failed : UpstreamState.Backoff);
        if (decision.Moved)
        {
            Context.Log.LogWarning("{Mount}: upstream {Index} {Url} failed ({Kind}): {Error}; failing over to upstream {Next} {NextUrl} in {Delay:0.0}s",
                Mount, failed, upstreams[failed].Upstream.Url, ended.Kind, ended.Error, decision.Index, upstreams[decision.Index].Upstream.Url, decision.Delay.TotalSeconds);
        }
        else
        {
            Context.Log.LogWarning("{Mount}: upstream {Index} {Url} failed ({Kind}): {Error}; retrying in {Delay:0.0}s",
                Mount, failed, upstreams[failed].Upstream.Url, ended.Kind, ended.Error, decision.Delay.TotalSeconds);
            upstreams[failed].State = UpstreamState.Backoff;
        }

        if (decision.Delay <= TimeSpan.Zero)
        {
            Context.Self.Tell(new ConnectUpstream(generation));
        }
        else
        {
            Context.Timers.StartSingleTimer("connect", new ConnectUpstream(generation), decision.Delay);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask Tick()
    {
        var now = Now;
        if (settings.OnDemand)
        {
            if (channel.Listeners.Count > 0)
            {
                lastListenerTicks = now;
                if (session is null && !Context.Timers.IsTimerActive("connect"))
                {
                    Context.Log.LogInformation("{Mount}: a listener arrived, opening the upstream", Mount);
                    StartSession();
                }
            }
            else if ((session is not null || Context.Timers.IsTimerActive("connect")) && IdleLongEnough())
            {
                Context.Log.LogInformation("{Mount}: no listener for {Idle}, closing the upstream", Mount, settings.IdleCloseAfter);
                Context.Timers.Cancel("connect");
                await StopSessionAsync().ConfigureAwait(false);
                upstreams[policy.Current].Idle();
            }
        }

        if (policy.WantsFailBack && !probing && settings.FailBackAfter > TimeSpan.Zero && streamingSinceTicks is { } since
            && now - Math.Max(since, lastProbeTicks) >= settings.FailBackAfter.Ticks)
        {
            probing = true;
            lastProbeTicks = now;
            var index = policy.Preferred;
            var self = Context.Self;
            var probe = upstreams[index].Upstream;
            _ = Task.Run(async () => self.Tell(new FailBackProbed(index, await ProbeAsync(probe).ConfigureAwait(false))));
        }
    }

    private async ValueTask Probed(FailBackProbed probed)
    {
        probing = false;
        if (!policy.WantsFailBack || probed.Index != policy.Preferred)
        {
            return;
        }

        if (probed.Error is not null)
        {
            Context.Log.LogInformation("{Mount}: preferred upstream {Url} still unavailable: {Error}", Mount, upstreams[probed.Index].Upstream.Url, probed.Error);
            return;
        }

        Context.Log.LogInformation("{Mount}: preferred upstream {Url} is back, failing back", Mount, upstreams[probed.Index].Upstream.Url);
        await RestartAtAsync(probed.Index, sticky: false).ConfigureAwait(false);
    }

    private async ValueTask Switch(SwitchUpstream change)
    {
        var index = upstreams.FindIndex(u => u.Upstream.Url == change.Url);
        if (index < 0)
        {
            upstreams.Add(new UpstreamHealth(UpstreamSettings.Of(change.Url)));
            index = upstreams.Count - 1;
            var current = policy.Current;
            policy = NewPolicy();
            policy.SwitchTo(current, sticky: false);
        }

        Context.Log.LogInformation("{Mount}: switching to upstream {Index} {Url} on request", Mount, index, change.Url);
        await RestartAtAsync(index, sticky: true).ConfigureAwait(false);
        await Reply(change.ReplyTo).ConfigureAwait(false);
    }

    private async ValueTask Next(NextUpstream next)
    {
        var index = policy.NextIndex;
        Context.Log.LogInformation("{Mount}: moving to upstream {Index} {Url} on request", Mount, index, upstreams[index].Upstream.Url);
        await RestartAtAsync(index, sticky: true).ConfigureAwait(false);
        await Reply(next.ReplyTo).ConfigureAwait(false);
    }

    private ValueTask Reply(IActorRef<FetcherReply> replyTo)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var statuses = upstreams.Select((u, i) => u.Snapshot(i, i == policy.Current, i == policy.Preferred, now)).ToList();
        replyTo.Tell(new FetcherReply(policy.Current, session is not null, statuses));
        return ValueTask.CompletedTask;
    }

    private async Task RestartAtAsync(int index, bool sticky)
    {
        Context.Timers.Cancel("connect");
        var previous = policy.Current;
        await StopSessionAsync().ConfigureAwait(false);
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
        var self = Context.Self;
        var cancel = new CancellationTokenSource();
        var context = new PullContext(channel, health, settings, http.Client(settings.MaxRedirects), clock, Context.Log, () => self.Tell(new SessionStreaming(current)));
        sessionCancel = cancel;
        session = Task.Run(() => RunSessionAsync(context, current, self, cancel.Token));
    }

    private static async Task RunSessionAsync(PullContext context, int current, IActorRef<FetcherCommand> self, CancellationToken cancellationToken)
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
            Context.Log.LogWarning("{Mount}: the pull session did not stop within {Timeout}", Mount, StopTimeout);
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
