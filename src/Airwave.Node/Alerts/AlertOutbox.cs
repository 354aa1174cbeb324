using System.Net;
using System.Threading.Channels;
using Airwave.Streaming.Upstreams;

namespace Airwave.Node.Alerts;

/// <summary>
/// One sink's queue: notices are posted without waiting and sent one at a time, in order (a resolution never overtakes
/// its firing), each retried with backoff while the sink fails.
/// </summary>
/// <remarks>
/// The queue is bounded: when a sink is down for long and alerts keep coming, the oldest waiting notices are dropped
/// (logged), so a dead receiver costs a fixed amount of memory and never slows the evaluation or anything else.
/// </remarks>
internal sealed class AlertOutbox
{
    /// <summary>Notices waiting per sink.</summary>
    public const int Capacity = 256;

    /// <summary>Sends per notice: 1 s, 2 s, 4 s … doubling up to a minute between them, about ten minutes in all.</summary>
    public const int MaxAttempts = 15;

    private readonly IAlertSink sink;
    private readonly ILogger log;
    private readonly ReconnectBackoff backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0.2, Random.Shared);
    private readonly Channel<AlertNotice> queue;

    public AlertOutbox(IAlertSink sink, ILogger log)
    {
        this.sink = sink;
        this.log = log;
        queue = Channel.CreateBounded<AlertNotice>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => log.LogError("alert {State} {Condition} {Subject} dropped before it reached the {Sink}: {Capacity} newer notices are waiting", dropped.State, dropped.Condition, dropped.Subject, sink.Name, Capacity));
    }

    /// <summary>Queues <paramref name="notice"/>; never waits.</summary>
    public void Post(AlertNotice notice) => queue.Writer.TryWrite(notice);

    /// <summary>Delivers until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var notice in queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                await DeliverAsync(notice, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    private async Task DeliverAsync(AlertNotice notice, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sink.SendAsync(notice, stopping).ConfigureAwait(false);
                if (attempt > 1)
                {
                    log.LogInformation("alert {State} {Condition} {Subject} delivered to the {Sink} at attempt {Attempt}", notice.State, notice.Condition, notice.Subject, sink.Name, attempt);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                if (attempt >= MaxAttempts || IsRefusal(e))
                {
                    log.LogError("alert {State} {Condition} {Subject} not delivered to the {Sink} after {Attempts} attempts: {Reason}", notice.State, notice.Condition, notice.Subject, sink.Name, attempt, e.Message);
                    return;
                }

                var delay = backoff.Delay(attempt);
                // One warning per notice, not one per retry.
                log.Log(attempt == 1 ? LogLevel.Warning : LogLevel.Debug, "alert {State} {Condition} {Subject}: the {Sink} failed ({Reason}); retrying in {Delay}", notice.State, notice.Condition, notice.Subject, sink.Name, e.Message, delay);
                await Task.Delay(delay, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A 4xx other than a timeout or a rate limit: the receiver will refuse the same notice again.</summary>
    private static bool IsRefusal(Exception e) =>
        e is HttpRequestException { StatusCode: { } status }
        && (int)status is >= 400 and < 500
        && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
}
