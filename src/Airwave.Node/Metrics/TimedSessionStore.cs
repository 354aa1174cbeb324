using System.Diagnostics;
using Airwave.Persistence.Sessions;

namespace Airwave.Node.Metrics;

/// <summary>
/// The session journal with its batch writes timed into <see cref="JournalWriteTimer"/>: a decorator, so the journal
/// itself (Airwave.Channels) knows nothing of Prometheus.
/// </summary>
internal sealed class TimedSessionStore(IListenerSessionStore journal, JournalWriteTimer timer) : IListenerSessionStore
{
    private const string Journal = "sessions";

    public Task<StoredSessionState?> LoadAsync(string sessionId, CancellationToken cancellationToken = default) =>
        journal.LoadAsync(sessionId, cancellationToken);

    public Task<byte[]?> LoadProgressAsync(string writer, CancellationToken cancellationToken = default) =>
        journal.LoadProgressAsync(writer, cancellationToken);

    public async Task<IReadOnlySet<string>> SaveAsync(IReadOnlyList<SessionStateWrite> states, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await journal.SaveAsync(states, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            timer.Record(Journal, started);
        }
    }

    public async Task SaveProgressAsync(string writer, long version, byte[] progress, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await journal.SaveProgressAsync(writer, version, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            timer.Record(Journal, started);
        }
    }

    public Task<int> ExpireAsync(TimeSpan unwrittenFor, CancellationToken cancellationToken = default) =>
        journal.ExpireAsync(unwrittenFor, cancellationToken);
}
