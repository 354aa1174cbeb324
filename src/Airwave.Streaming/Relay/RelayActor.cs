using Airwave.Actors;
using Airwave.Streaming.Channels;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Relay;

/// <summary>Relays one channel owned by another node (<c>/user/relays/&lt;channel&gt;</c>): pulls its feed while someone listens, into a local rewind replica.</summary>
/// <remarks>
/// The feed connects when the first listener (raw or HLS) arrives and closes <see cref="RelayOptions.IdleCloseAfter"/>
/// after the last one left. When it ends for any other reason (owner killed, channel moved, network) the relay finds the
/// owner again and reconnects with <c>after=</c> its newest chunk, retrying with a short backoff: listeners stay
/// connected and wait for the next chunk, so the gap is the time the cluster needs to give the channel a new owner.
/// </remarks>
public sealed class RelayActor(LiveChannel replica, RelayOptions options, HttpClient http, TimeProvider clock) : Actor<RelayCommand>
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private readonly RelayState state = replica.Relay ?? throw new ArgumentException("the channel is not a relay", nameof(replica));
    private CancellationTokenSource? feedStop;
    private Task feed = Task.CompletedTask;
    private bool idleClosing;
    private long retryAtTicks;
    private TimeSpan backoff = MinBackoff;
    private int failures;

    private long Now => clock.GetUtcNow().UtcTicks;

    protected override ValueTask PreStartAsync()
    {
        Context.Timers.StartPeriodicTimer("tick", RelayTick.Instance, TickInterval);
        var self = Context.Self;
        state.Wanted += (_, _) => self.Tell(RelayTick.Instance);
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask PostStopAsync()
    {
        if (feedStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await feed.ConfigureAwait(false);
        feedStop?.Dispose();
    }

    protected override ValueTask ReceiveAsync(RelayCommand message) => message switch
    {
        RelayTick => Tick(),
        RelayFeedEnded ended => Ended(ended),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "unknown relay command"),
    };

    private ValueTask Tick()
    {
        var now = Now;
        if (replica.Listeners.Count > 0 || replica.HlsSessions.Active(now) > 0)
        {
            state.Touch(now);
        }

        var wanted = now - state.LastWantedTicks < options.IdleCloseAfter.Ticks;
        if (wanted && feedStop is null && now >= retryAtTicks)
        {
            Connect();
        }
        else if (!wanted && feedStop is { } stop && !idleClosing)
        {
            idleClosing = true;
            Context.Log.LogInformation("{Mount}: no listener for {Idle}, closing the relay feed", replica.Settings.Mount, options.IdleCloseAfter);
            stop.Cancel();
        }

        ListenerSweep.DropLaggards(replica, now, Context.Log);
        return ValueTask.CompletedTask;
    }

    private void Connect()
    {
        var stop = new CancellationTokenSource();
        feedStop = stop;
        var self = Context.Self;
        var held = replica.Buffer.Snapshot();
        var start = new FeedStart(held.IsEmpty ? null : held.LastSeq, replica.Buffer.MaxDuration, replica.Segments.Latest?.MediaSequence);
        var retrying = failures > 1;
        var log = Context.Log;
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

    private ValueTask Ended(RelayFeedEnded ended)
    {
        feedStop?.Dispose();
        feedStop = null;
        state.MarkDisconnected(unexpected: !idleClosing && ended.End.Connected);
        if (idleClosing)
        {
            idleClosing = false;
            state.MarkStale();
            return ValueTask.CompletedTask;
        }

        if (ended.End.Chunks > 0)
        {
            failures = 0;
            backoff = MinBackoff;
        }

        failures++;
        if (failures == 1 || failures % 20 == 0)
        {
            Context.Log.LogWarning("{Mount}: relay feed ended ({Reason}) after {Chunks} chunks; reconnecting", replica.Settings.Mount, ended.End.Reason, ended.End.Chunks);
        }

        retryAtTicks = Now + backoff.Ticks;
        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        return ValueTask.CompletedTask;
    }
}
