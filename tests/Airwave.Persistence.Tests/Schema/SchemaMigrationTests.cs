using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Schema;

/// <summary>Opening the stores creates or migrates the schema idempotently, also when several processes start at once.</summary>
public abstract class SchemaMigrationTests(BackendFixture backend)
{
    private const int LatestVersion = 7;

    [Fact]
    public async Task Opening_again_keeps_the_schema_version_and_the_data()
    {
        var name = "kept-" + Guid.NewGuid().ToString("N");
        await backend.Stores.RuntimeChannels.AddAsync(name, "{}");

        await using var again = await backend.OpenAsync();
        await using var thrice = await backend.OpenAsync();

        Assert.Equal(LatestVersion, backend.Stores.SchemaVersion);
        Assert.Equal(LatestVersion, again.SchemaVersion);
        Assert.Equal(LatestVersion, thrice.SchemaVersion);
        Assert.Contains("{}", await thrice.RuntimeChannels.ListAsync());
        Assert.True(await thrice.RuntimeChannels.RemoveAsync(name));
    }

    [Fact]
    public async Task Concurrent_first_starts_all_succeed_on_one_schema()
    {
        var fresh = backend.FreshDatabase();

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PersistenceStoreFactory.OpenAsync(fresh))));
        try
        {
            Assert.All(opened, stores => Assert.Equal(LatestVersion, stores.SchemaVersion));
            Assert.True(await opened[0].RuntimeChannels.AddAsync("live", "{\"name\":\"live\"}"));
            Assert.Equal(["{\"name\":\"live\"}"], await opened[3].RuntimeChannels.ListAsync());
        }
        finally
        {
            foreach (var stores in opened)
            {
                await stores.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteSchemaMigrationTests(SqliteBackendFixture backend) : SchemaMigrationTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlSchemaMigrationTests(PostgreSqlBackendFixture backend) : SchemaMigrationTests(backend), IClassFixture<PostgreSqlBackendFixture>;
