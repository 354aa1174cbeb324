using System.Text;
using Airwave.Persistence.Sessions;
using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Sessions;

/// <summary>The ended-connection records on SQLite and PostgreSQL: thousands in one batch, each stored once, read back oldest first.</summary>
public abstract class ConnectionRecordStoreTests(BackendFixture backend)
{
    private readonly IConnectionRecordStore store = backend.Stores.ConnectionRecords;

    [Fact]
    public async Task One_batch_writes_thousands_of_records_and_writing_them_again_keeps_each_once()
    {
        var ended = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(Random.Shared.Next(1_000_000));
        var records = Enumerable.Range(0, 3_000)
            .Select(i => new ConnectionRecordWrite(Guid.NewGuid().ToString("N"), ended.AddMilliseconds(i), Encoding.UTF8.GetBytes("record " + i)))
            .ToList();

        await store.SaveAsync(records);
        await store.SaveAsync(records[..500]);

        var stored = await store.RecordsSinceAsync(ended, 10_000);
        Assert.Equal(records.Select(r => Encoding.UTF8.GetString(r.Record)), stored.Take(3_000).Select(r => Encoding.UTF8.GetString(r)));
        Assert.Equal(["record 2998", "record 2999"], (await store.RecordsSinceAsync(ended.AddMilliseconds(2_998), 2)).Select(r => Encoding.UTF8.GetString(r)));
    }
}

public sealed class SqliteConnectionRecordStoreTests(SqliteBackendFixture backend) : ConnectionRecordStoreTests(backend), IClassFixture<SqliteBackendFixture>;

public sealed class PostgreSqlConnectionRecordStoreTests(PostgreSqlBackendFixture backend) : ConnectionRecordStoreTests(backend), IClassFixture<PostgreSqlBackendFixture>;
