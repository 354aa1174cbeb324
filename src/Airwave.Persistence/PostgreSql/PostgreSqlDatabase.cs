using System.Data.Common;
using Npgsql;

namespace Airwave.Persistence.PostgreSql;

/// <summary>A PostgreSQL schema reached through a pooled <see cref="NpgsqlDataSource"/>.</summary>
internal sealed class PostgreSqlDatabase : ISqlDatabase
{
    private readonly NpgsqlDataSource dataSource;

    private PostgreSqlDatabase(NpgsqlDataSource dataSource, SqlTables tables, (int Before, int After) versions)
    {
        this.dataSource = dataSource;
        Tables = tables;
        (MigratedFrom, SchemaVersion) = versions;
    }

    public SqlTables Tables { get; }

    public int SchemaVersion { get; }

    public int MigratedFrom { get; }

    public static async Task<PostgreSqlDatabase> OpenAsync(PersistenceOptions options, CancellationToken cancellationToken)
    {
        var connectionString = options.ConnectionString
            ?? throw new ArgumentException("PersistenceOptions.ConnectionString is required for the PostgreSQL provider.", nameof(options));
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            var versions = await PostgreSqlSchemaMigrator.MigrateAsync(dataSource, options.Schema, cancellationToken).ConfigureAwait(false);
            return new PostgreSqlDatabase(dataSource, SqlTables.InSchema(PostgreSqlIdentifier.Quote(options.Schema)), versions);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
