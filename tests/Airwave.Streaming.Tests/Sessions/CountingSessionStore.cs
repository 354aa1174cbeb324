using Airwave.Persistence.Sessions;

namespace Airwave.Streaming.Tests.Sessions;

/// <summary>A session store that counts batch and progress writes on their way to a real one, to show how many database writes the checkpoints cost.</summary>
internal sealed class CountingSessionStore(IListenerSessionStore inner) : IListenerSessionStore
{
    private int batches;
    private int progressRows;

    /// <summary>Calls of <see cref="SaveAsync"/> so far.</summary>
    public int Batches => Volatile.Read(ref batches);

    /// <summary>Calls of <see cref="SaveProgressAsync"/> so far.</summary>
    public int ProgressRows => Volatile.Read(ref progressRows);

    /// <summary>The sessions of the last batch.</summary>
    public IReadOnlyList<string> LastBatch { get; private set; } = [];

    public Task<StoredSessionState?> LoadAsync(string sessionId, CancellationToken cancellationToken = default) => inner.LoadAsync(sessionId, cancellationToken);

    public Task<IReadOnlySet<string>> SaveAsync(IReadOnlyList<SessionStateWrite> states, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref batches);
        LastBatch = [.. states.Select(s => s.SessionId)];
        return inner.SaveAsync(states, cancellationToken);
    }

    public Task<byte[]?> LoadProgressAsync(string writer, CancellationToken cancellationToken = default) => inner.LoadProgressAsync(writer, cancellationToken);

    public Task SaveProgressAsync(string writer, long version, byte[] progress, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref progressRows);
        return inner.SaveProgressAsync(writer, version, progress, cancellationToken);
    }

    public Task<int> ExpireAsync(TimeSpan unwrittenFor, CancellationToken cancellationToken = default) => inner.ExpireAsync(unwrittenFor, cancellationToken);
}
