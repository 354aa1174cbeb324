using Airwave.Persistence;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace Airwave.Channels.Journaling;

/// <summary>
/// Akka.Persistence.Sql for the node's persistent actors: SQLite files under the data directory for a standalone node,
/// the cluster's PostgreSQL otherwise. Its tables are prefixed <c>akka_</c>, beside the node's own tables of the same
/// database (a PostgreSQL schema is shared; SQLite gets separate files so the two never wait on each other's locks).
/// </summary>
public static class AkkaPersistenceConfig
{
    /// <summary>The SQLite file of the journal, below the data directory.</summary>
    public const string SqliteJournalFile = "akka-journal.db";

    /// <summary>The SQLite file of the snapshots: apart from the journal, so a snapshot write never holds the journal's lock.</summary>
    public const string SqliteSnapshotFile = "akka-snapshots.db";

    /// <summary>The SQLite file of the listener sessions' journal: apart from the channels' journal, so session batches never hold its lock.</summary>
    public const string SqliteSessionJournalFile = "akka-sessions.db";

    /// <summary>The journal plugin of the listener sessions (<see cref="SessionJournal"/>).</summary>
    public const string SessionJournalPluginId = "akka.persistence.journal.listener-sessions";

    /// <summary>The table of the listener sessions' journal (in the schema of the other tables on PostgreSQL).</summary>
    public const string SessionJournalTableName = "akka_session_journal";

    public static Config Build(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (journalConnection, snapshotConnection, provider, schema) = options.Provider switch
        {
            PersistenceProvider.Sqlite => (
                SqliteConnectionString(Path.Combine(options.DataDirectory!, SqliteJournalFile)),
                SqliteConnectionString(Path.Combine(options.DataDirectory!, SqliteSnapshotFile)),
                ProviderName.SQLiteMS,
                "null"),
            _ => (options.ConnectionString!, options.ConnectionString!, ProviderName.PostgreSQL15, Quote(options.Schema)),
        };
        var sessionConnection = SessionJournalConnectionString(options);
        var config = $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{Quote(journalConnection)}}
                  provider-name = "{{provider}}"
                  table-mapping = default
                  auto-initialize = on
                  default {
                    schema-name = {{schema}}
                    journal.table-name = "akka_journal"
                    metadata.table-name = "akka_journal_metadata"
                    tag.table-name = "akka_tags"
                  }
                }
                # Listener sessions: a journal of their own, so that their batches never share a write (or a failed
                # one) with a channel's. A batch fails as a whole when one session's version was already written by
                # another node; SessionJournal then halves it until it finds that session, so a few failures in a row
                # are expected here and must not open the breaker.
                listener-sessions {
                  class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                  # Its own id, or it would inherit the channels' journal's: ConnectionSetup finds its connection options by it.
                  plugin-id = "{{SessionJournalPluginId}}"
                  plugin-dispatcher = "akka.actor.default-dispatcher"
                  connection-string = {{Quote(sessionConnection)}}
                  provider-name = "{{provider}}"
                  table-mapping = default
                  auto-initialize = on
                  circuit-breaker.max-failures = 64
                  # Rows per statement. A checkpoint batch is one write of every due session, and each row's payload is a
                  # hex literal in the statement's text: at the default 1,000 rows a statement was a string of over a
                  # megabyte on the large-object heap, several per batch, which cost about 10 KB of memory per listener
                  # at 3,000 (docs/benchmarks.md, "Listener cost"). 40 rows stay below the large-object threshold.
                  db-round-trip-max-batch-size = 40
                  default {
                    schema-name = {{schema}}
                    journal.table-name = "{{SessionJournalTableName}}"
                    metadata.table-name = "akka_session_journal_metadata"
                    tag.table-name = "akka_session_tags"
                  }
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{Quote(snapshotConnection)}}
                  provider-name = "{{provider}}"
                  table-mapping = default
                  auto-initialize = on
                  default {
                    schema-name = {{schema}}
                    snapshot.table-name = "akka_snapshot"
                  }
                }
              }
            }
            """;
        return ConfigurationFactory.ParseString(config).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// What the actor system needs besides <see cref="Build"/>'s configuration: on SQLite, the listener sessions' journal
    /// opens its connections with a small page cache (<see cref="SqlitePageCacheLimit"/>). HOCON cannot say that;
    /// Akka.Persistence.Sql takes linq2db's connection options for a plugin from this setup.
    /// </summary>
    public static Setup ConnectionSetup(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var setup = new MultiDataOptionsSetup();
        if (options.Provider == PersistenceProvider.Sqlite)
        {
            setup.AddDataOptions(
                SessionJournalPluginId,
                new DataOptions()
                    .UseConnectionString(ProviderName.SQLiteMS, SessionJournalConnectionString(options))
                    .UseInterceptor(new SqlitePageCacheLimit()));
        }

        return setup;
    }

    /// <summary>An actor system's setup that persists as the node's does: <paramref name="config"/> over <see cref="Build"/>'s, and <see cref="ConnectionSetup"/>.</summary>
    public static ActorSystemSetup SystemSetup(PersistenceOptions options, Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return BootstrapSetup.Create().WithConfig(config.WithFallback(Build(options))).And(ConnectionSetup(options));
    }

    /// <summary>
    /// Switches the SQLite files to write-ahead logging before Akka opens them: readers (recovery) and the writer stop
    /// blocking each other, and appends commit about twice as fast (see docs/benchmarks.md). The mode is kept in the file.
    /// </summary>
    public static void PrepareSqlite(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != PersistenceProvider.Sqlite)
        {
            return;
        }

        foreach (var file in new[] { SqliteJournalFile, SqliteSnapshotFile, SqliteSessionJournalFile })
        {
            using var connection = new SqliteConnection(SqliteConnectionString(Path.Combine(options.DataDirectory!, file)));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The connection string of the listener sessions' journal.</summary>
    public static string SessionJournalConnectionString(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider == PersistenceProvider.Sqlite
            ? SqliteConnectionString(Path.Combine(options.DataDirectory!, SqliteSessionJournalFile))
            : options.ConnectionString!;
    }

    private static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
