using Airwave.Persistence;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Sessions;

/// <summary>Marks the checkpoints of sessions not seen for <c>sessions.expire-after</c> deleted, so they can no longer be resumed.</summary>
/// <remarks>
/// Reads the checkpoint tag oldest first (each checkpoint supersedes its session's earlier ones, so the tag holds one
/// event per session, in the order they were last written) and stops at the first session seen recently: it never
/// reads the sessions that are alive. Every node prunes; deleting twice is harmless.
/// </remarks>
internal sealed class SessionExpiry(SessionTable table, PersistenceServices persistence, ListenerSessionOptions options, TimeProvider clock, ILogger log)
{
    private const int PageSize = 256;

    /// <summary>Prunes every <see cref="ListenerSessionOptions.PruneInterval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.PruneInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (await PruneAsync(cancellationToken).ConfigureAwait(false) is > 0 and var pruned)
                    {
                        log.LogInformation("expired {Count} listener sessions", pruned);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "could not prune expired listener sessions");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Deletes the checkpoints of the sessions that expired; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.ExpireAfter;
        var journal = persistence.Journal;
        var after = 0L;
        var pruned = 0;
        while (true)
        {
            var read = 0;
            await foreach (var stored in journal.EventsByTagAsync(ListenerSessionCheckpoint.Tag, after, PageSize, cancellationToken).ConfigureAwait(false))
            {
                read++;
                after = stored.Ordering;
                if (persistence.Serializer.Deserialize(stored.Payload) is not ListenerSessionCheckpoint checkpoint || table.Holds(checkpoint.SessionId))
                {
                    continue;
                }

                if (checkpoint.LastSeenUtc > cutoff)
                {
                    return pruned;
                }

                await journal.DeleteToAsync(stored.PersistenceId, stored.SequenceNr, cancellationToken).ConfigureAwait(false);
                pruned++;
            }

            if (read < PageSize)
            {
                return pruned;
            }
        }
    }
}
