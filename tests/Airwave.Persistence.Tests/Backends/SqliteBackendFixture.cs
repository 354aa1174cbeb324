using Airwave.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Airwave.Persistence.Tests.Backends;

/// <summary>A SQLite file in a fresh temp directory.</summary>
public sealed class SqliteBackendFixture : BackendFixture
{
    private readonly string root;

    public SqliteBackendFixture()
    {
        root = Path.Combine(Path.GetTempPath(), $"airwave-persistence-{Guid.NewGuid():N}");
        Options = new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = Path.Combine(root, "live") };
    }

    public override PersistenceOptions Options { get; }

    public override PersistenceOptions FreshDatabase() => Options with { DataDirectory = Path.Combine(root, $"fresh-{Guid.NewGuid():N}") };

    public override async Task CreateVersion3DatabaseAsync(PersistenceOptions options, IReadOnlyList<EarlierJournalRow> rows)
    {
        Directory.CreateDirectory(options.DataDirectory!);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(options.DataDirectory!, options.SqliteFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, transaction, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied INTEGER NOT NULL)");
        foreach (var migration in SqliteSchemaMigrations.All.Where(m => m.Version <= 3))
        {
            await ExecuteAsync(connection, transaction, migration.Sql);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version VALUES ({migration.Version}, 'earlier', 0)");
        }

        await EarlierJournalRow.InsertAllAsync(connection, transaction, rows, deleted => deleted ? 1 : 0);

        await transaction.CommitAsync();
    }

    public override async Task<IReadOnlyList<string>> TablesAsync(PersistenceOptions options)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(options.DataDirectory!, options.SqliteFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var select = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    protected override Task RemoveDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
