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

    /// <summary>A further schema name for tests that need an untouched database; dropped with the fixture's.</summary>
    public string AdditionalSchema()
    {
        var schema = TestPostgres.NewSchemaName();
        lock (additionalSchemas)
        {
            additionalSchemas.Add(schema);
        }

        return schema;
    }

    public override async Task<PersistenceStores> CrashDuringWriteAsync(string persistenceId, IReadOnlyList<EventToWrite> batch)
    {
        var crashing = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await crashing.OpenAsync();
        var transaction = await crashing.BeginTransactionAsync();
        foreach (var journalEvent in batch.Take(batch.Count / 2))
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO \"{schema}\".journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
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

        await using (var killer = new NpgsqlConnection(connectionString))
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
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var schema in additionalSchemas.Append(schema))
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
