using Airwave.Node.Hosting;
using Airwave.Streaming.Alerts;

namespace Airwave.Node.Alerts;

/// <summary>
/// Evaluates the node's conditions every <see cref="AlertSettings.CheckInterval"/>, keeps the alerts in an
/// <see cref="AlertBook"/>, publishes them on the <see cref="AlertBoard"/> and hands each firing and resolution to the
/// <see cref="AlertNotifier"/>, which delivers them without ever making an evaluation wait.
/// </summary>
internal sealed class AlertEvaluator(NodeConditions conditions, AlertBook book, AlertBoard board, AlertNotifier notifier, TimeSpan interval, TimeProvider clock, ILogger log)
{
    /// <summary>Resolved alerts kept for <c>GET /api/alerts</c>.</summary>
    public const int RecentCapacity = 100;

    /// <summary>The evaluator of <paramref name="node"/>, publishing on its <see cref="NodeRuntime.Alerts"/>.</summary>
    public static AlertEvaluator Create(AlertSettings settings, IConfiguration configuration, NodeRuntime node, TimeProvider clock, ILoggerFactory loggers)
    {
        // Read once per channel: configured channels were checked at start, runtime ones have no section of their own.
        var thresholds = new Dictionary<string, ChannelAlertSettings>(StringComparer.Ordinal);
        ChannelAlertSettings ThresholdsOf(string id) =>
            thresholds.TryGetValue(id, out var known) ? known : thresholds[id] = ChannelAlertSettings.ReadChannel(configuration, id, settings.Channels);
        var conditions = new NodeConditions(node.Channels, node.Membership, node.Settings.DataDirectory, settings, ThresholdsOf, node.ChannelListHealth);
        return new AlertEvaluator(
            conditions, new AlertBook(RecentCapacity), node.Alerts, AlertNotifier.Create(settings, node.Settings.NodeName, loggers), settings.CheckInterval, clock,
            loggers.CreateLogger<AlertEvaluator>());
    }

    /// <summary>Evaluates until <paramref name="stopping"/> is cancelled; delivery stops with it, and what was not delivered by then is dropped.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var delivering = notifier.RunAsync(stopping);
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                await EvaluateAsync(stopping).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is stopping; alerts still firing are neither resolved nor delivered again.
        }

        await delivering.ConfigureAwait(false);
    }

    private async Task EvaluateAsync(CancellationToken stopping)
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var changed = book.Observe(await conditions.ObserveAsync(now, stopping).ConfigureAwait(false), now);
            if (changed.Count == 0)
            {
                return;
            }

            board.Publish(new AlertsStatus(
                [.. book.Active.Select(notifier.NoticeOf)],
                [.. book.Recent.Select(notifier.NoticeOf)]));
            foreach (var alert in changed)
            {
                notifier.Notify(alert);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One failed look (an actor system shutting down under it) must not end alerting for the node's life.
            log.LogError(e, "alert evaluation failed; trying again in {Interval}", interval);
        }
    }
}
