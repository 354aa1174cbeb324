using System.Diagnostics;
using Airwave.Persistence.Sessions;

namespace Airwave.Node.Metrics;

/// <summary>
/// The session journal with its batch writes and its reads timed into <see cref="JournalTimer"/>: a decorator, so the
/// journal itself (Airwave.Channels) knows nothing of Prometheus.
/// </summary>
internal sealed class TimedSessionStore(IListenerSessionStore journal, JournalTimer timer) : IListenerSessionStore
{
    private const string Journal = "sessions";

    public Task<StoredSessionState?> LoadAsync(string sessionId, CancellationToken cancellationToken = default) =>
        TimedAsync(timer.RecordRead, () => journal.LoadAsync(sessionId, cancellationToken));

    public Task<byte[]?> LoadProgressAsync(string writer, CancellationToken cancellationToken = default) =>
        TimedAsync(timer.RecordRead, () => journal.LoadProgressAsync(writer, cancellationToken));

    public Task<IReadOnlySet<string>> SaveAsync(IReadOnlyList<SessionStateWrite> states, CancellationToken cancellationToken = default) =>
        TimedAsync(timer.RecordWrite, () => journal.SaveAsync(states, cancellationToken));

    public Task SaveProgressAsync(string writer, long version, byte[] progress, CancellationToken cancellationToken = default) =>
        TimedAsync(timer.RecordWrite, async () =>
        {
            await journal.SaveProgressAsync(writer, version, progress, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<int> ExpireAsync(TimeSpan unwrittenFor, CancellationToken cancellationToken = default) =>
        journal.ExpireAsync(unwrittenFor, cancellationToken);

    /// <summary>Runs <paramref name="work"/> and records its time, failures included, with <paramref name="record"/>.</summary>
    private static async Task<T> TimedAsync<T>(Action<string, long> record, Func<Task<T>> work)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            record(Journal, started);
        }
    }
}
