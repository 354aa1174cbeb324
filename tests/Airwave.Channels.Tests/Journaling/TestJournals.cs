using Airwave.Channels.Journaling;
using Airwave.Persistence;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

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

    /// <summary>The node's own PostgreSQL configuration in <paramref name="schema"/>.</summary>
    public static Config PostgreSql(string connectionString, string schema) =>
        AkkaPersistenceConfig.Build(new PersistenceOptions { Provider = PersistenceProvider.PostgreSql, ConnectionString = connectionString, Schema = schema });

    /// <summary>Starts the reservation actor of <paramref name="persistenceId"/> in <paramref name="system"/>.</summary>
    public static ReservationLog<TEvent> Start<TEvent>(ActorSystem system, string persistenceId, Func<Task<TEvent?>>? carryOver = null)
        where TEvent : class =>
        new(system.ActorOf(Props.Create(() => new ReservationActor<TEvent>(persistenceId, carryOver, NullLogger.Instance))));
}
