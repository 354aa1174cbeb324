using Npgsql;

namespace Airwave.Cluster.Membership;

/// <summary>
/// Creates the cluster's tables at start, idempotently, under an advisory lock keyed by the schema so nodes starting at
/// once do not race: the node registry and Akka's leases. It drops the home-made membership and shard lease tables
/// (<c>cluster_member</c>, <c>cluster_event</c>, <c>cluster_shard_lease</c>) that Akka.Cluster and its sharding replaced.
/// </summary>
internal static class ClusterSchema
{
    public static async Task CreateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var quoted = SchemaName.Quote(schema);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var @lock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('airwave.cluster.schema:' || @schema))", connection, transaction))
                {
                    @lock.Parameters.AddWithValue("schema", schema);
                    await @lock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var create = new NpgsqlCommand(CreateSql(quoted), connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string CreateSql(string schema) =>
        $"""
        CREATE SCHEMA IF NOT EXISTS {schema};
        DROP TABLE IF EXISTS {schema}.cluster_member;
        DROP TABLE IF EXISTS {schema}.cluster_event;
        CREATE TABLE IF NOT EXISTS {schema}.cluster_node (
            address TEXT PRIMARY KEY,
            incarnation UUID NOT NULL,
            http_address TEXT NOT NULL,
            admin_address TEXT NOT NULL,
            roles TEXT[] NOT NULL,
            journal TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            seen_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE IF NOT EXISTS {schema}.cluster_lease (
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL);
        ALTER TABLE {schema}.cluster_lease ADD COLUMN IF NOT EXISTS epoch BIGINT NOT NULL DEFAULT 1;
        DROP TABLE IF EXISTS {schema}.cluster_shard_lease;
        """;
}
