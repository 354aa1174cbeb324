using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Registry;

/// <summary>Runtime channels on SQLite and PostgreSQL: one row per name, seen by every store opened on the database.</summary>
public abstract class RuntimeChannelStoreTests(BackendFixture backend)
{
    [Fact]
    public async Task A_name_is_added_once_listed_by_every_opener_and_removed_once()
    {
        var name = "ch-" + Guid.NewGuid().ToString("N");
        await using var otherNode = await backend.OpenAsync();

        Assert.True(await backend.Stores.RuntimeChannels.AddAsync(name, "{\"name\":\"" + name + "\"}"));
        Assert.False(await otherNode.RuntimeChannels.AddAsync(name, "{\"name\":\"" + name + "\",\"second\":true}"));
        Assert.Contains("{\"name\":\"" + name + "\"}", await otherNode.RuntimeChannels.ListAsync());

        Assert.True(await otherNode.RuntimeChannels.RemoveAsync(name));
        Assert.False(await backend.Stores.RuntimeChannels.RemoveAsync(name));
        Assert.DoesNotContain(await backend.Stores.RuntimeChannels.ListAsync(), d => d.Contains(name, StringComparison.Ordinal));
    }
}

public sealed class SqliteRuntimeChannelStoreTests(SqliteBackendFixture backend) : RuntimeChannelStoreTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlRuntimeChannelStoreTests(PostgreSqlBackendFixture backend) : RuntimeChannelStoreTests(backend), IClassFixture<PostgreSqlBackendFixture>;
