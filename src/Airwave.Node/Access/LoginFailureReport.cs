using Airwave.Streaming.Access;

namespace Airwave.Node.Access;

/// <summary>Logs the failed logins <see cref="LoginThrottle"/> counted, one line per client a minute, instead of a line per try.</summary>
internal sealed class LoginFailureReport(LoginThrottle logins, TimeProvider clock, ILogger<LoginFailureReport> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var summary in logins.Sweep())
                {
                    log.LogWarning(
                        "{Failures} failed logins in the last minute: {Key}{Locked}", summary.Failures, summary.Key, summary.Locked ? " (locked out)" : "");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The node stops.
        }
    }
}
