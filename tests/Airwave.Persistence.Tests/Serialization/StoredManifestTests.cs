using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Serialization;

/// <summary>Events written under one type name are read back as a renamed type from the real journal of each backend.</summary>
public abstract class StoredManifestTests(BackendFixture backend)
{
    [Fact]
    public async Task Events_stored_before_a_rename_are_read_as_the_new_type()
    {
        var pid = TestEvents.NewPersistenceId();
        var before = new EventSerializer().Register<TitleChanged>("channel.title-changed.v1");
        await backend.Journal.WriteAsync(pid, [new EventToWrite(1, before.Serialize(new TitleChanged("live", "Jazz hour")))]);

        var after = new EventSerializer().RegisterAlias<RenamedTitleChanged>("channel.title-changed.v1");
        var stored = await backend.Journal.ReadEventsAsync(pid, 1, long.MaxValue, long.MaxValue).ToListAsync();

        Assert.Equal(new RenamedTitleChanged("live", "Jazz hour"), after.Deserialize(Assert.Single(stored).Payload));
    }
}

public sealed class SqliteStoredManifestTests(SqliteBackendFixture backend) : StoredManifestTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlStoredManifestTests(PostgreSqlBackendFixture backend) : StoredManifestTests(backend), IClassFixture<PostgreSqlBackendFixture>;
