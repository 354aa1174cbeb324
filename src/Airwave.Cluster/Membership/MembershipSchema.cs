using Npgsql;

namespace Airwave.Cluster.Membership;

/// <summary>Creates the membership and shard lease tables at start, idempotently, under an advisory lock keyed by the schema so nodes starting at once do not race.</summary>
internal static class MembershipSchema
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
        CREATE TABLE IF NOT EXISTS {schema}.cluster_member (
            address TEXT NOT NULL,
            incarnation UUID NOT NULL,
            roles TEXT[] NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('Joining', 'Up', 'Leaving', 'Exiting', 'Down', 'Removed')),
            app_version TEXT NOT NULL,
            admin_address TEXT NOT NULL,
            heartbeat_at TIMESTAMPTZ NOT NULL,
            joined_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (address, incarnation));
        CREATE TABLE IF NOT EXISTS {schema}.cluster_event (
            id BIGSERIAL PRIMARY KEY,
            at TIMESTAMPTZ NOT NULL,
            address TEXT NOT NULL,
            incarnation UUID NOT NULL,
            from_status TEXT NULL,
            to_status TEXT NOT NULL,
            reason TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS {schema}.cluster_shard_lease (
            shard_id INT PRIMARY KEY,
            owner_address TEXT NOT NULL,
            owner_incarnation UUID NOT NULL,
            epoch BIGINT NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL);
        """;
}
