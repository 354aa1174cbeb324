using Npgsql;

namespace Airwave.Persistence.Tests.Backends;

/// <summary>A randomly named schema in the test PostgreSQL server, dropped afterwards.</summary>
public sealed class PostgreSqlBackendFixture : BackendFixture
{
    private readonly string _schema = TestPostgres.NewSchemaName();
    private readonly string _connectionString = TestPostgres.ConnectionString;
    private readonly List<string> _additionalSchemas = [];

    public PostgreSqlBackendFixture()
    {
        Options = new PersistenceOptions { Provider = PersistenceProvider.PostgreSql, ConnectionString = _connectionString, Schema = _schema };
    }

    public override PersistenceOptions Options { get; }

    /// <summary>A further schema name for tests that need an untouched database; dropped with the fixture's.</summary>
    public string AdditionalSchema()
    {
        var schema = TestPostgres.NewSchemaName();
        lock (_additionalSchemas)
        {
            _additionalSchemas.Add(schema);
        }

        return schema;
    }

    public override async Task<PersistenceStores> CrashDuringWriteAsync(string persistenceId, IReadOnlyList<EventToWrite> batch)
    {
        var crashing = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        await crashing.OpenAsync();
        var transaction = await crashing.BeginTransactionAsync();
        foreach (var journalEvent in batch.Take(batch.Count / 2))
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO \"{_schema}\".journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
                "VALUES (FALSE, @pid, @seq, 0, @message, @identifier, @manifest, 'crashed-writer')",
                crashing,
                transaction);
            insert.Parameters.AddWithValue("pid", persistenceId);
            insert.Parameters.AddWithValue("seq", journalEvent.SequenceNr);
            insert.Parameters.AddWithValue("message", journalEvent.Payload.Bytes.ToArray());
            insert.Parameters.AddWithValue("identifier", journalEvent.Payload.SerializerId);
            insert.Parameters.AddWithValue("manifest", journalEvent.Payload.Manifest);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var killer = new NpgsqlConnection(_connectionString))
        {
            await killer.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", killer);
            kill.Parameters.AddWithValue("pid", crashing.ProcessID);
            await kill.ExecuteScalarAsync();
        }

        try
        {
            await crashing.DisposeAsync();
        }
        catch (NpgsqlException)
        {
            // The server already closed the killed session.
        }

        return await OpenAsync();
    }

    protected override async Task RemoveDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        foreach (var schema in _additionalSchemas.Append(_schema))
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
