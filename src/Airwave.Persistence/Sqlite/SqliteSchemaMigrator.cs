using Microsoft.Data.Sqlite;

namespace Airwave.Persistence.Sqlite;

/// <summary>Brings a SQLite file to the latest schema; BEGIN IMMEDIATE makes concurrent starts wait for each other.</summary>
internal static class SqliteSchemaMigrator
{
    public static async Task<(int Before, int After)> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var transaction = connection.BeginTransaction(deferred: false);
        await using (transaction.ConfigureAwait(false))
        {
            using (var create = connection.Command(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied INTEGER NOT NULL)",
                transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            long current;
            using (var select = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction))
            {
                current = (long)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            var before = (int)current;

            foreach (var migration in SqliteSchemaMigrations.All.Where(m => m.Version > current).OrderBy(m => m.Version))
            {
                using (var apply = connection.Command(migration.Sql, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var record = connection.Command(
                    "INSERT INTO schema_version (version, description, applied) VALUES (@version, @description, @applied)",
                    transaction);
                record.With("version", migration.Version);
                record.With("description", migration.Description);
                record.With("applied", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                current = migration.Version;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (before, (int)current);
        }
    }
}
