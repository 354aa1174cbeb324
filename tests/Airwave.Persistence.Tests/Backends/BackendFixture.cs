namespace Airwave.Persistence.Tests.Backends;

/// <summary>One isolated database (a temp directory or a random schema) per test class, opened once and removed afterwards.</summary>
public abstract class BackendFixture : IAsyncLifetime
{
    private PersistenceStores? stores;

    public abstract PersistenceOptions Options { get; }

    public PersistenceStores Stores => stores ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IJournal Journal => Stores.Journal;

    public ISnapshotStore Snapshots => Stores.Snapshots;

    public Task<PersistenceStores> OpenAsync() => PersistenceStoreFactory.OpenAsync(Options);

    /// <summary>
    /// Starts writing <paramref name="batch"/> outside the journal, stores only its first half, then kills the
    /// writer as a crash would, and returns stores reopened on what survived.
    /// </summary>
    public abstract Task<PersistenceStores> CrashDuringWriteAsync(string persistenceId, IReadOnlyList<EventToWrite> batch);

    public async Task InitializeAsync() => stores = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (stores is not null)
        {
            await stores.DisposeAsync();
        }

        await RemoveDatabaseAsync();
    }

    protected abstract Task RemoveDatabaseAsync();
}
