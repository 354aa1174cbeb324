using Airwave.Persistence.Sqlite;
using Airwave.Persistence.Tests.Backends;

namespace Airwave.Persistence.Tests.Sqlite;

public sealed class SqliteDatabaseTests(SqliteBackendFixture backend) : IClassFixture<SqliteBackendFixture>
{
    [Fact]
    public async Task The_writer_keeps_a_small_page_cache()
    {
        await using var database = await SqliteDatabase.OpenAsync(backend.FreshDatabase(), CancellationToken.None);
        long cacheSize = 0;
        await database.WriteAsync(
            async (connection, transaction, cancellationToken) =>
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "PRAGMA cache_size";
                cacheSize = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            CancellationToken.None);

        Assert.Equal(-SqlitePageCache.Kibibytes, cacheSize);
    }
}
