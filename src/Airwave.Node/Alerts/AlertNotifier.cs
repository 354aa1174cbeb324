using Airwave.Streaming.Alerts;

namespace Airwave.Node.Alerts;

/// <summary>Logs every firing and resolution and hands it to each configured sink's <see cref="AlertOutbox"/>.</summary>
internal sealed class AlertNotifier(string node, IReadOnlyList<AlertOutbox> outboxes, ILogger log)
{
    /// <summary>
    /// One client for every alert request, for the node's life; connections are renewed every few minutes, so a receiver
    /// that moved in DNS is found again.
    /// </summary>
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The sinks <paramref name="settings"/> configures; none when it configures none (alerts are then logged only).</summary>
    public static AlertNotifier Create(AlertSettings settings, string node, ILoggerFactory loggers)
    {
        var sinks = new List<IAlertSink>();
        if (settings.WebhookUrl is { } url)
        {
            sinks.Add(new WebhookSink(Http, url));
        }

        if (settings.PagerDuty is { } pagerDuty)
        {
            sinks.Add(new PagerDutySink(Http, pagerDuty));
        }

        if (settings.Smtp is { } smtp)
        {
            sinks.Add(new EmailSink(smtp));
        }

        var log = loggers.CreateLogger<AlertNotifier>();
        return new AlertNotifier(node, [.. sinks.Select(s => new AlertOutbox(s, log))], log);
    }

    public AlertNotice NoticeOf(Alert alert) => AlertNotice.Of(alert, node);

    /// <summary>Logs <paramref name="alert"/> and queues it for every sink; never waits.</summary>
    public void Notify(Alert alert)
    {
        var notice = NoticeOf(alert);
        if (notice.IsFiring)
        {
            log.LogWarning("alert firing: {Condition} {Subject}: {Message} (dedup key {DedupKey})", notice.Condition, notice.Subject, notice.Message, notice.DedupKey);
        }
        else
        {
            log.LogInformation("alert resolved: {Condition} {Subject} after {Duration} (dedup key {DedupKey})", notice.Condition, notice.Subject, notice.EndedUtc - notice.StartedUtc, notice.DedupKey);
        }

        foreach (var outbox in outboxes)
        {
            outbox.Post(notice);
        }
    }

    /// <summary>Runs every sink's delivery until <paramref name="stopping"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stopping) => Task.WhenAll(outboxes.Select(o => o.RunAsync(stopping)));
}
