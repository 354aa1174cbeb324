using Airwave.Node.Metrics;
using Airwave.Streaming.Upstreams;

namespace Airwave.Node.Monitoring;

/// <summary>
/// Pushes one kind of document every interval on its own task: it reads the document when it is due, posts it, and on
/// failure tries again with backoff (<see cref="PushState"/>). An outage is logged once when it begins and once when it
/// ends; every failed attempt is counted in <c>airwave_monitoring_push_failures_total</c>.
/// </summary>
internal sealed class PeriodicPush(
    string document, Func<CancellationToken, Task<object>> read, MonitoringReceiver receiver, TimeSpan interval, MonitoringMetrics metrics, TimeProvider clock, ILogger log)
{
    private readonly ReconnectBackoff backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0.2, Random.Shared);
    private PushState state = PushState.Delivering;

    /// <summary>Pushes every interval (the first one interval after the call) until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        metrics.Declare(document);
        try
        {
            while (true)
            {
                await Task.Delay(state.NextDelay(interval, backoff.Delay), clock, stopping).ConfigureAwait(false);
                await PushAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    /// <summary>Reads and posts one document now. Never throws for a failed push.</summary>
    public Task PushAsync(CancellationToken cancellationToken) => PushAsync(read, cancellationToken);

    /// <summary>Posts the document <paramref name="reader"/> reads now, counted and logged like the periodic ones.</summary>
    public async Task PushAsync(Func<CancellationToken, Task<object>> reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            await receiver.PostAsync(await reader(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.Failed(document);
            state = state.Failed(clock.GetUtcNow().UtcDateTime);
            if (state.OutageBegan)
            {
                log.LogWarning("the {Document} push to {Url} failed ({Reason}); retrying with backoff, at least every {Interval}; further failures are counted in airwave_monitoring_push_failures_total, not logged, until one succeeds",
                    document, receiver.Url, Reason(e), interval);
            }

            return;
        }

        metrics.Pushed(document);
        if (state.DownSince is { } since)
        {
            log.LogInformation("the {Document} push to {Url} succeeded again after {Failures} failed attempts since {Since:u}", document, receiver.Url, state.FailedInARow, since);
        }

        state = PushState.Delivering;
    }

    /// <summary>What went wrong, in the words of the innermost exception: HttpClient's own message only says that sending failed.</summary>
    private static string Reason(Exception e) => e switch
    {
        TaskCanceledException => "no answer within the timeout",
        _ => e.GetBaseException().Message,
    };
}
