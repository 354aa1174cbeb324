using System.Data.Common;

namespace Airwave.Persistence;

/// <summary>One statement on a backend: the read and write round trips every store makes, written once.</summary>
internal static class SqlDatabaseStatements
{
    /// <summary>Runs a query on a read connection and maps each row with <paramref name="row"/>.</summary>
    public static async Task<List<T>> ReadRowsAsync<T>(
        this ISqlDatabase database, string sql, Action<DbCommand> bind, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.Command(sql);
            bind(select);
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(row(reader));
                }

                return rows;
            }
        }
    }

    /// <summary>Runs a query on a read connection and returns its first column of the first row (null for none).</summary>
    public static async Task<object?> ReadScalarAsync(this ISqlDatabase database, string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.Command(sql);
            bind(select);
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one statement in a write transaction; returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(this ISqlDatabase database, string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var changed = 0;
        await database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                using var command = connection.Command(sql, transaction);
                bind(command);
                changed = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
