using Airwave.Persistence;
using Akka.Configuration;
using Akka.Persistence.Sql;
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

    public static Config Build(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (journalConnection, snapshotConnection, provider, schema) = options.Provider switch
        {
            PersistenceProvider.Sqlite => (
                SqliteConnectionString(Path.Combine(options.DataDirectory!, SqliteJournalFile)),
                SqliteConnectionString(Path.Combine(options.DataDirectory!, SqliteSnapshotFile)),
                "SQLite.MS",
                "null"),
            _ => (options.ConnectionString!, options.ConnectionString!, "PostgreSQL.15", Quote(options.Schema)),
        };
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

        foreach (var file in new[] { SqliteJournalFile, SqliteSnapshotFile })
        {
            using var connection = new SqliteConnection(SqliteConnectionString(Path.Combine(options.DataDirectory!, file)));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
    }

    private static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
