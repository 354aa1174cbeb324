using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Archive;

/// <summary>Prunes each channel's archive by age and size in the background, each channel on its own jittered schedule so they never all prune at once.</summary>
public sealed class ArchivePruner(IArchive archive, Func<string, ArchiveSettings> settings, TimeSpan interval, TimeProvider clock, ILogger<ArchivePruner> log)
{
    private readonly Dictionary<string, DateTime> due = new(StringComparer.Ordinal);
    private bool adopted;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(10);
            try
            {
                await AdoptOnceAsync(cancellationToken).ConfigureAwait(false);
                await PruneDueAsync(cancellationToken).ConfigureAwait(false);
                wait = NextWait();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                log.LogWarning(e, "could not list the archived channels; retrying in {Wait}", wait);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims the segments indexed before rows named their store whose files are here, once per run, so an upgraded node prunes its old archive too.</summary>
    private async Task AdoptOnceAsync(CancellationToken cancellationToken)
    {
        if (adopted)
        {
            return;
        }

        var count = await archive.AdoptAsync(cancellationToken).ConfigureAwait(false);
        adopted = true;
        if (count > 0)
        {
            log.LogInformation("claimed {Segments} archived segments indexed before the index named their store; they are pruned here from now on", count);
        }
    }

    /// <summary>Prunes every channel whose turn has come and schedules its next turn one interval later, give or take 20%.</summary>
    public async Task PruneDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var channel in await archive.ChannelsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!due.TryGetValue(channel, out var at))
            {
                // First sight: spread the channels' first turns over one interval.
                due[channel] = now + (interval * Random.Shared.NextDouble());
                continue;
            }

            if (at > now)
            {
                continue;
            }

            due[channel] = now + (interval * (0.8 + (0.4 * Random.Shared.NextDouble())));
            await PruneAsync(channel, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PruneAsync(string channel, DateTime now, CancellationToken cancellationToken)
    {
        var retention = settings(channel);
        try
        {
            var result = await archive.PruneAsync(channel, now - retention.Keep, retention.MaxBytes, cancellationToken).ConfigureAwait(false);
            if (result.Segments > 0)
            {
                log.LogInformation(
                    "pruned {Segments} archived segments of /{Channel} ({Expired} older than {Keep}, {Oversize} over {MaxBytes} bytes; {Bytes} bytes freed)",
                    result.Segments, channel, result.ExpiredSegments, retention.Keep, result.OversizeSegments, retention.MaxBytes, result.Bytes);
            }
        }
        catch (Exception e) when (e is IOException or System.Data.Common.DbException or InvalidOperationException)
        {
            log.LogWarning(e, "pruning the archive of /{Channel} failed; retrying at its next turn", channel);
        }
    }

    private TimeSpan NextWait()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var next = due.Count == 0 ? now + interval : due.Values.Min();
        var wait = next - now;
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait;
    }
}
