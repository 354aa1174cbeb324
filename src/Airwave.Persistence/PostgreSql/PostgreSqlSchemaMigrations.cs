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
        new(4, "listener sessions, connection records, runtime channels and earlier reservations in tables of their own; the node's journal is gone", """
            CREATE TABLE listener_session (
                session_id VARCHAR(200) PRIMARY KEY,
                version BIGINT NOT NULL,
                last_seen_ticks BIGINT NOT NULL,
                state BYTEA NOT NULL);
            CREATE INDEX listener_session_last_seen_idx ON listener_session (last_seen_ticks);
            CREATE TABLE listener_connection (
                connection_id VARCHAR(64) PRIMARY KEY,
                ended_ticks BIGINT NOT NULL,
                record BYTEA NOT NULL);
            CREATE TABLE runtime_channel (
                name VARCHAR(100) PRIMARY KEY,
                definition TEXT NOT NULL);
            CREATE TABLE earlier_reservation (
                persistence_id VARCHAR(255) PRIMARY KEY,
                manifest VARCHAR(500) NOT NULL,
                payload BYTEA NOT NULL);
            INSERT INTO listener_session (session_id, version, last_seen_ticks, state)
                SELECT substr(j.persistence_id, 9), j.sequence_number, 621355968000000000 + j.created * 10000, j.message FROM journal j
                WHERE j.persistence_id LIKE 'session/%' AND NOT j.deleted
                AND j.sequence_number = (SELECT MAX(k.sequence_number) FROM journal k WHERE k.persistence_id = j.persistence_id);
            INSERT INTO listener_connection (connection_id, ended_ticks, record)
                SELECT substr(persistence_id, 15), 621355968000000000 + created * 10000, message FROM journal
                WHERE persistence_id LIKE 'session-ended/%' AND NOT deleted;
            INSERT INTO runtime_channel (name, definition)
                SELECT name, definition FROM (
                    SELECT COALESCE(e.body -> 'channel' ->> 'name', e.body ->> 'name') AS name, (e.body -> 'channel')::text AS definition, e.manifest,
                        ROW_NUMBER() OVER (PARTITION BY COALESCE(e.body -> 'channel' ->> 'name', e.body ->> 'name') ORDER BY e.sequence_number DESC) AS newest
                    FROM (SELECT convert_from(message, 'UTF8')::jsonb AS body, manifest, sequence_number FROM journal
                          WHERE persistence_id = 'channel-registry' AND NOT deleted) e) latest
                WHERE newest = 1 AND manifest = 'channel-registry.added.v1';
            INSERT INTO earlier_reservation (persistence_id, manifest, payload)
                SELECT j.persistence_id, j.manifest, j.message FROM journal j
                WHERE j.manifest IN ('channel.sequence-reserved.v1', 'channel.segment-sequence-reserved.v1') AND NOT j.deleted
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
                offset_ms BIGINT NOT NULL,
                started_ticks BIGINT NOT NULL,
                last_ticks BIGINT NOT NULL,
                listened_ms BIGINT NOT NULL,
                bytes BIGINT NOT NULL,
                ended INTEGER NOT NULL,
                end_reason VARCHAR(200) NOT NULL);
            CREATE INDEX listen_last_idx ON listen (last_ticks);
            CREATE INDEX listen_channel_started_idx ON listen (channel, started_ticks);
            INSERT INTO listen (listen_id, session_id, channel, output, client, user_agent, node, offset_ms, started_ticks, last_ticks, listened_ms, bytes, ended, end_reason)
                SELECT connection_id, session_id, channel, 'raw', client, user_agent, '', offset_ms, started_ticks, ended_ticks, GREATEST(0, (ended_ticks - started_ticks) / 10000), bytes, 1, end_reason
                FROM (SELECT connection_id, ended_ticks,
                        COALESCE(r ->> 'sessionId', '') AS session_id,
                        COALESCE(r ->> 'channel', '') AS channel,
                        COALESCE(r ->> 'remote', '') AS client,
                        left(COALESCE(r ->> 'userAgent', ''), 400) AS user_agent,
                        CASE WHEN r ->> 'shift' ~ '^[0-9]+:[0-9]{2}:[0-9]{2}(\.[0-9]+)?$' THEN (EXTRACT(EPOCH FROM (r ->> 'shift')::interval) * 1000)::bigint ELSE 0 END AS offset_ms,
                        COALESCE((EXTRACT(EPOCH FROM (r ->> 'startedUtc')::timestamptz) * 10000000)::bigint + 621355968000000000, ended_ticks) AS started_ticks,
                        COALESCE((r ->> 'bytes')::bigint, 0) AS bytes,
                        COALESCE(r ->> 'endReason', '') AS end_reason
                    FROM (SELECT connection_id, ended_ticks, convert_from(record, 'UTF8')::jsonb AS r FROM listener_connection
                          WHERE convert_from(record, 'UTF8') LIKE '{%}') records) parsed;
            DROP TABLE listener_connection;
            """),
    ];
}
