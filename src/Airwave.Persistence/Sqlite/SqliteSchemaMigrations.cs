namespace Airwave.Persistence.Sqlite;

/// <summary>The SQLite schema as ordered migrations: Akka.Persistence.Sql's tables, then the indexes queries need.</summary>
internal static class SqliteSchemaMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "journal, snapshot and tags tables", """
            CREATE TABLE journal (
                ordering INTEGER PRIMARY KEY AUTOINCREMENT,
                deleted INTEGER NOT NULL DEFAULT 0,
                persistence_id VARCHAR(255) NOT NULL,
                sequence_number INTEGER NOT NULL,
                created INTEGER NOT NULL,
                tags VARCHAR(100) NULL,
                message BLOB NOT NULL,
                identifier INTEGER NULL,
                manifest VARCHAR(500) NOT NULL,
                writer_uuid VARCHAR(128) NOT NULL,
                UNIQUE (persistence_id, sequence_number));
            CREATE TABLE snapshot (
                persistence_id VARCHAR(255) NOT NULL,
                sequence_number INTEGER NOT NULL,
                created INTEGER NOT NULL,
                snapshot BLOB NOT NULL,
                manifest VARCHAR(500) NOT NULL,
                serializer_id INTEGER NOT NULL,
                PRIMARY KEY (persistence_id, sequence_number));
            CREATE TABLE tags (
                ordering_id INTEGER NOT NULL,
                tag VARCHAR(64) NOT NULL,
                sequence_nr INTEGER NOT NULL,
                persistence_id VARCHAR(255) NOT NULL,
                PRIMARY KEY (ordering_id, tag));
            """),
        new(2, "indexes for tag queries and tag deletion", """
            CREATE INDEX tags_tag_ordering_idx ON tags (tag, ordering_id);
            CREATE INDEX tags_persistence_id_idx ON tags (persistence_id, sequence_nr);
            """),
        new(3, "archive segment index", """
            CREATE TABLE archive_segment (
                channel VARCHAR(100) NOT NULL,
                media_sequence INTEGER NOT NULL,
                first_seq INTEGER NOT NULL,
                last_seq INTEGER NOT NULL,
                start_ticks INTEGER NOT NULL,
                duration_ticks INTEGER NOT NULL,
                end_ticks INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                discontinuity INTEGER NOT NULL,
                path VARCHAR(400) NOT NULL,
                PRIMARY KEY (channel, media_sequence));
            CREATE INDEX archive_segment_channel_start_idx ON archive_segment (channel, start_ticks);
            """),
    ];
}
