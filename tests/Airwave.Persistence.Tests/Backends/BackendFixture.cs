namespace Airwave.Persistence.Tests.Backends;

/// <summary>One isolated database (a temp directory or a random schema) per test class, opened once and removed afterwards.</summary>
public abstract class BackendFixture : IAsyncLifetime
{
    private PersistenceStores? stores;

    public abstract PersistenceOptions Options { get; }

    public PersistenceStores Stores => stores ?? throw new InvalidOperationException("The fixture is not initialized.");

    public Task<PersistenceStores> OpenAsync() => PersistenceStoreFactory.OpenAsync(Options);

    /// <summary>A database location no test has opened yet, removed with the fixture's.</summary>
    public abstract PersistenceOptions FreshDatabase();

    /// <summary>
    /// Creates, at <paramref name="options"/>, the database an earlier version left: the schema up to version 3 (the
    /// node's own journal) holding <paramref name="rows"/>.
    /// </summary>
    public abstract Task CreateVersion3DatabaseAsync(PersistenceOptions options, IReadOnlyList<EarlierJournalRow> rows);

    /// <summary>The names of the tables in the database at <paramref name="options"/>, sorted.</summary>
    public abstract Task<IReadOnlyList<string>> TablesAsync(PersistenceOptions options);

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
