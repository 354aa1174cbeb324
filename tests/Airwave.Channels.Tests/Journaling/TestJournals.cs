using Airwave.Channels.Journaling;
using Airwave.Persistence;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Airwave.Channels.Tests.Journaling;

/// <summary>Akka.Persistence configurations for tests and the reservation actors they start.</summary>
internal static class TestJournals
{
    /// <summary>Akka's own in-memory journal: for tests of what the counters decide, not of where they are stored.</summary>
    public static Config InMemory { get; } = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    /// <summary>The node's own SQLite configuration over files in <paramref name="directory"/>.</summary>
    public static Config Sqlite(string directory)
    {
        var options = new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory };
        Directory.CreateDirectory(directory);
        AkkaPersistenceConfig.PrepareSqlite(options);
        return AkkaPersistenceConfig.Build(options);
    }

    /// <summary>The test server's connection string (<c>AIRWAVE_TEST_POSTGRES</c>, set by ./test.sh).</summary>
    public static string PostgreSqlConnectionString =>
        Environment.GetEnvironmentVariable("AIRWAVE_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("AIRWAVE_TEST_POSTGRES is not set: the PostgreSQL journal tests need a server (./test.sh starts one).");

    /// <summary>Creates <paramref name="schema"/> on the test server, as the node's own store does before any persistent actor starts.</summary>
    public static Task CreateSchemaAsync(string schema) => ExecuteAsync($"CREATE SCHEMA \"{schema}\"");

    /// <summary>Drops <paramref name="schema"/> and everything in it.</summary>
    public static Task DropSchemaAsync(string schema) => ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");

    /// <summary>The node's own PostgreSQL configuration in <paramref name="schema"/>.</summary>
    public static Config PostgreSql(string connectionString, string schema) =>
        AkkaPersistenceConfig.Build(new PersistenceOptions { Provider = PersistenceProvider.PostgreSql, ConnectionString = connectionString, Schema = schema });

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Starts the reservation actor of <paramref name="persistenceId"/> in <paramref name="system"/>.</summary>
    public static ReservationLog<TEvent> Start<TEvent>(ActorSystem system, string persistenceId, Func<Task<TEvent?>>? carryOver = null)
        where TEvent : class =>
        new(system.ActorOf(Props.Create(() => new ReservationActor<TEvent>(persistenceId, carryOver, NullLogger.Instance))));
}
