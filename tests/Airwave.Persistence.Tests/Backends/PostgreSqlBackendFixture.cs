using Airwave.Persistence.PostgreSql;
using Npgsql;

namespace Airwave.Persistence.Tests.Backends;

/// <summary>A randomly named schema in the test PostgreSQL server, dropped afterwards.</summary>
public sealed class PostgreSqlBackendFixture : BackendFixture
{
    private readonly string schema = TestPostgres.NewSchemaName();
    private readonly string connectionString = TestPostgres.ConnectionString;
    private readonly List<string> additionalSchemas = [];

    public PostgreSqlBackendFixture()
    {
        Options = new PersistenceOptions { Provider = PersistenceProvider.PostgreSql, ConnectionString = connectionString, Schema = schema };
    }

    public override PersistenceOptions Options { get; }

    public override PersistenceOptions FreshDatabase()
    {
        var fresh = TestPostgres.NewSchemaName();
        lock (additionalSchemas)
        {
            additionalSchemas.Add(fresh);
        }

        return Options with { Schema = fresh };
    }

    public override async Task CreateVersion3DatabaseAsync(PersistenceOptions options, IReadOnlyList<EarlierJournalRow> rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(
            connection,
            transaction,
            $"CREATE SCHEMA \"{options.Schema}\"; SET LOCAL search_path TO \"{options.Schema}\"; " +
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied TIMESTAMPTZ NOT NULL DEFAULT now())");
        foreach (var migration in PostgreSqlSchemaMigrations.All.Where(m => m.Version <= 3))
        {
            await ExecuteAsync(connection, transaction, migration.Sql);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version, description) VALUES ({migration.Version}, 'earlier')");
        }

        await EarlierJournalRow.InsertAllAsync(connection, transaction, rows, deleted => deleted);

        await transaction.CommitAsync();
    }

    public override async Task<IReadOnlyList<string>> TablesAsync(PersistenceOptions options)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name", connection);
        select.Parameters.AddWithValue("schema", options.Schema);
        await using var reader = await select.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    protected override async Task RemoveDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var dropped in additionalSchemas.Append(schema))
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{dropped}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
