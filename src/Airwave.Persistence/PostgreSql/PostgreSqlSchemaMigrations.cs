namespace Airwave.Persistence.PostgreSql;

/// <summary>The PostgreSQL schema as ordered migrations, run with search_path set to the target schema.</summary>
internal static class PostgreSqlSchemaMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "journal, snapshot and tags tables", """
            CREATE TABLE journal (
                ordering BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                deleted BOOLEAN NOT NULL DEFAULT FALSE,
                persistence_id VARCHAR(255) NOT NULL,
                sequence_number BIGINT NOT NULL,
                created BIGINT NOT NULL,
                tags VARCHAR(100) NULL,
                message BYTEA NOT NULL,
                identifier INTEGER NULL,
                manifest VARCHAR(500) NOT NULL,
                writer_uuid VARCHAR(128) NOT NULL,
                CONSTRAINT journal_persistence_id_sequence_number_key UNIQUE (persistence_id, sequence_number));
            CREATE TABLE snapshot (
                persistence_id VARCHAR(255) NOT NULL,
                sequence_number BIGINT NOT NULL,
                created BIGINT NOT NULL,
                snapshot BYTEA NOT NULL,
                manifest VARCHAR(500) NOT NULL,
                serializer_id INTEGER NOT NULL,
                PRIMARY KEY (persistence_id, sequence_number));
            CREATE TABLE tags (
                ordering_id BIGINT NOT NULL,
                tag VARCHAR(64) NOT NULL,
                sequence_nr BIGINT NOT NULL,
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
                media_sequence BIGINT NOT NULL,
                first_seq BIGINT NOT NULL,
                last_seq BIGINT NOT NULL,
                start_ticks BIGINT NOT NULL,
                duration_ticks BIGINT NOT NULL,
                end_ticks BIGINT NOT NULL,
                bytes BIGINT NOT NULL,
                discontinuity BOOLEAN NOT NULL,
                path VARCHAR(400) NOT NULL,
                PRIMARY KEY (channel, media_sequence));
            CREATE INDEX archive_segment_channel_start_idx ON archive_segment (channel, start_ticks);
            """),
    ];
}
