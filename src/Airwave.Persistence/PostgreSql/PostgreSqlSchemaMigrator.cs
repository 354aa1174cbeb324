using Npgsql;

namespace Airwave.Persistence.PostgreSql;

/// <summary>
/// Brings a PostgreSQL schema to the latest version in one transaction under a transaction-scoped advisory lock
/// keyed by the schema name, so nodes starting at once apply each migration exactly once.
/// </summary>
internal static class PostgreSqlSchemaMigrator
{
    public static async Task<(int Before, int After)> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var quoted = PostgreSqlIdentifier.Quote(schema);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var @lock = connection.Command("SELECT pg_advisory_xact_lock(hashtext('airwave.persistence.schema:' || @schema))", transaction))
                {
                    @lock.With("schema", schema);
                    await @lock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using (var prepare = connection.Command(
                    $"CREATE SCHEMA IF NOT EXISTS {quoted}; SET LOCAL search_path TO {quoted}; " +
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied TIMESTAMPTZ NOT NULL DEFAULT now())",
                    transaction))
                {
                    await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                int current;
                using (var select = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction))
                {
                    current = (int)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                var before = current;

                foreach (var migration in PostgreSqlSchemaMigrations.All.Where(m => m.Version > current).OrderBy(m => m.Version))
                {
                    using (var apply = connection.Command(migration.Sql, transaction))
                    {
                        await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    using var record = connection.Command("INSERT INTO schema_version (version, description) VALUES (@version, @description)", transaction);
                    record.With("version", migration.Version);
                    record.With("description", migration.Description);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    current = migration.Version;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (before, current);
            }
        }
    }
}
