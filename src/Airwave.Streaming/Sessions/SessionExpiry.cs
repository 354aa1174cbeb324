using Airwave.Persistence.Sessions;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Sessions;

/// <summary>Deletes the sessions not seen for <c>sessions.expire-after</c>, so they can no longer be resumed, and the checkpoints newer ones replaced.</summary>
/// <remarks>
/// Set-wise statements in the store, never one per session: a connected session is rewritten at least every
/// <see cref="ListenerSessionOptions.KeepAlive"/> (a quarter of expire-after), so it never matches. A session claimed
/// here while it is deleted is written again by its next checkpoint. Every node prunes; deleting twice is harmless.
/// </remarks>
internal sealed class SessionExpiry(IListenerSessionStore store, ListenerSessionOptions options, TimeProvider clock, ILogger log)
{
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

    /// <summary>Deletes the sessions that expired; returns how many.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken) =>
        store.ExpireAsync(options.ExpireAfter, cancellationToken);
}
