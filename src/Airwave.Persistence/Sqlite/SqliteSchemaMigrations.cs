namespace Airwave.Persistence.Sqlite;

/// <summary>The SQLite schema as ordered migrations: the node's tables, in the order they were added.</summary>
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
        new(4, "listener sessions, connection records, runtime channels and earlier reservations in tables of their own; the node's journal is gone", """
            CREATE TABLE listener_session (
                session_id VARCHAR(200) PRIMARY KEY,
                version INTEGER NOT NULL,
                last_seen_ticks INTEGER NOT NULL,
                state BLOB NOT NULL);
            CREATE INDEX listener_session_last_seen_idx ON listener_session (last_seen_ticks);
            CREATE TABLE listener_connection (
                connection_id VARCHAR(64) PRIMARY KEY,
                ended_ticks INTEGER NOT NULL,
                record BLOB NOT NULL);
            CREATE TABLE runtime_channel (
                name VARCHAR(100) PRIMARY KEY,
                definition TEXT NOT NULL);
            CREATE TABLE earlier_reservation (
                persistence_id VARCHAR(255) PRIMARY KEY,
                manifest VARCHAR(500) NOT NULL,
                payload BLOB NOT NULL);
            INSERT INTO listener_session (session_id, version, last_seen_ticks, state)
                SELECT substr(j.persistence_id, 9), j.sequence_number, 621355968000000000 + j.created * 10000, j.message FROM journal j
                WHERE j.persistence_id LIKE 'session/%' AND j.deleted = 0
                AND j.sequence_number = (SELECT MAX(k.sequence_number) FROM journal k WHERE k.persistence_id = j.persistence_id);
            INSERT INTO listener_connection (connection_id, ended_ticks, record)
                SELECT substr(persistence_id, 15), 621355968000000000 + created * 10000, message FROM journal
                WHERE persistence_id LIKE 'session-ended/%' AND deleted = 0;
            INSERT INTO runtime_channel (name, definition)
                SELECT name, definition FROM (
                    SELECT COALESCE(json_extract(CAST(message AS TEXT), '$.channel.name'), json_extract(CAST(message AS TEXT), '$.name')) AS name,
                        json_extract(CAST(message AS TEXT), '$.channel') AS definition, manifest,
                        ROW_NUMBER() OVER (PARTITION BY COALESCE(json_extract(CAST(message AS TEXT), '$.channel.name'), json_extract(CAST(message AS TEXT), '$.name'))
                            ORDER BY sequence_number DESC) AS newest
                    FROM journal WHERE persistence_id = 'channel-registry' AND deleted = 0)
                WHERE newest = 1 AND manifest = 'channel-registry.added.v1';
            INSERT INTO earlier_reservation (persistence_id, manifest, payload)
                SELECT j.persistence_id, j.manifest, j.message FROM journal j
                WHERE j.manifest IN ('channel.sequence-reserved.v1', 'channel.segment-sequence-reserved.v1') AND j.deleted = 0
                AND j.sequence_number = (SELECT MAX(k.sequence_number) FROM journal k WHERE k.persistence_id = j.persistence_id);
            DROP TABLE tags;
            DROP TABLE snapshot;
            DROP TABLE journal;
            """),
        new(5, "listener sessions moved to Akka.Persistence: the sessions stored so far wait in earlier_listener_session until the node moved them", """
            ALTER TABLE listener_session RENAME TO earlier_listener_session;
            DROP INDEX listener_session_last_seen_idx;
            """),
        new(6, "archive segments name the store holding their file, so each master prunes only what is on its own disk", """
            ALTER TABLE archive_segment ADD COLUMN store VARCHAR(64) NOT NULL DEFAULT '';
            CREATE INDEX archive_segment_store_channel_end_idx ON archive_segment (store, channel, end_ticks);
            """),
        new(7, "rolled-up listens for analytics replace the ended-connection records, which are carried over as raw listens", """
            CREATE TABLE listen (
                listen_id VARCHAR(64) PRIMARY KEY,
                session_id VARCHAR(200) NOT NULL,
                channel VARCHAR(100) NOT NULL,
                output VARCHAR(16) NOT NULL,
                client VARCHAR(64) NOT NULL,
                user_agent VARCHAR(400) NOT NULL,
                node VARCHAR(100) NOT NULL,
                offset_ms INTEGER NOT NULL,
                started_ticks INTEGER NOT NULL,
                last_ticks INTEGER NOT NULL,
                listened_ms INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                ended INTEGER NOT NULL,
                end_reason VARCHAR(200) NOT NULL);
            CREATE INDEX listen_last_idx ON listen (last_ticks);
            CREATE INDEX listen_channel_started_idx ON listen (channel, started_ticks);
            INSERT INTO listen (listen_id, session_id, channel, output, client, user_agent, node, offset_ms, started_ticks, last_ticks, listened_ms, bytes, ended, end_reason)
                SELECT connection_id, session_id, channel, 'raw', client, user_agent, '', offset_ms, started_ticks, ended_ticks, MAX(0, (ended_ticks - started_ticks) / 10000), bytes, 1, end_reason
                FROM (SELECT connection_id, ended_ticks,
                        COALESCE(json_extract(record, '$.sessionId'), '') AS session_id,
                        COALESCE(json_extract(record, '$.channel'), '') AS channel,
                        COALESCE(json_extract(record, '$.remote'), '') AS client,
                        substr(COALESCE(json_extract(record, '$.userAgent'), ''), 1, 400) AS user_agent,
                        COALESCE(CAST(ROUND((julianday('2000-01-01 ' || json_extract(record, '$.shift')) - julianday('2000-01-01')) * 86400000) AS INTEGER), 0) AS offset_ms,
                        COALESCE(CAST(ROUND((julianday(json_extract(record, '$.startedUtc')) - 2440587.5) * 86400000) AS INTEGER) * 10000 + 621355968000000000, ended_ticks) AS started_ticks,
                        COALESCE(json_extract(record, '$.bytes'), 0) AS bytes,
                        COALESCE(json_extract(record, '$.endReason'), '') AS end_reason
                    FROM (SELECT connection_id, ended_ticks, CAST(record AS TEXT) AS record FROM listener_connection) WHERE json_valid(record));
            DROP TABLE listener_connection;
            """),
    ];
}
