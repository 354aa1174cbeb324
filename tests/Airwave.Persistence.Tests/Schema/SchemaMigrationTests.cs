using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Schema;

/// <summary>Opening the stores creates or migrates the schema idempotently, also when several processes start at once.</summary>
public abstract class SchemaMigrationTests(BackendFixture backend)
{
    private const int LatestVersion = 3;

    [Fact]
    public async Task Opening_again_keeps_the_schema_version_and_the_data()
    {
        var pid = TestEvents.NewPersistenceId();
        await backend.Journal.WriteAsync(pid, TestEvents.Range(1, 3));

        await using var again = await backend.OpenAsync();
        await using var thrice = await backend.OpenAsync();

        Assert.Equal(LatestVersion, backend.Stores.SchemaVersion);
        Assert.Equal(LatestVersion, again.SchemaVersion);
        Assert.Equal(LatestVersion, thrice.SchemaVersion);
        Assert.Equal(3, await thrice.Journal.HighestSequenceNumberAsync(pid));
    }

    [Fact]
    public async Task Concurrent_first_starts_all_succeed_on_one_schema()
    {
        var fresh = FreshDatabase();

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PersistenceStoreFactory.OpenAsync(fresh))));
        try
        {
            Assert.All(opened, stores => Assert.Equal(LatestVersion, stores.SchemaVersion));
            var pid = TestEvents.NewPersistenceId();
            await opened[0].Journal.WriteAsync(pid, TestEvents.Range(1, 2));
            Assert.Equal(2, await opened[3].Journal.HighestSequenceNumberAsync(pid));
        }
        finally
        {
            foreach (var stores in opened)
            {
                await stores.DisposeAsync();
            }
        }
    }

    /// <summary>A database location no test has opened yet, removed with the fixture's.</summary>
    protected abstract PersistenceOptions FreshDatabase();
}

public sealed class SqliteSchemaMigrationTests(SqliteBackendFixture backend) : SchemaMigrationTests(backend), IClassFixture<SqliteBackendFixture>
{
    private readonly SqliteBackendFixture backend = backend;

    protected override PersistenceOptions FreshDatabase() =>
        backend.Options with { DataDirectory = Path.Combine(backend.Options.DataDirectory!, "..", $"fresh-{Guid.NewGuid():N}") };
}

public sealed class PostgreSqlSchemaMigrationTests(PostgreSqlBackendFixture backend) : SchemaMigrationTests(backend), IClassFixture<PostgreSqlBackendFixture>
{
    private readonly PostgreSqlBackendFixture backend = backend;

    protected override PersistenceOptions FreshDatabase() => backend.Options with { Schema = backend.AdditionalSchema() };
}
