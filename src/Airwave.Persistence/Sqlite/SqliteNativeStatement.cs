using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Airwave.Persistence.Sqlite;

/// <summary>
/// A statement prepared on a SQLite connection's own handle and run once per row, its values bound from a reused UTF-8
/// buffer: for a write per listener. It takes part in the connection's transaction like any of its commands.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite makes a binder object for every parameter of every execution and a UTF-8 copy of every text
/// value: about 1.5 KB per listen of the node's analytics, written once when it begins and again every progress interval
/// (docs/benchmarks.md). SQLite copies a bound value itself (<c>SQLITE_TRANSIENT</c>), so one buffer serves every value.
/// </remarks>
internal sealed class SqliteNativeStatement : IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly int[] indexes;
    private byte[] utf8 = ArrayPool<byte>.Shared.Rent(256);

    /// <summary>Prepares <paramref name="sql"/>, whose parameters are bound by their place in <paramref name="parameters"/>.</summary>
    /// <exception cref="SqliteException">The statement does not prepare, or names no such parameter.</exception>
    public SqliteNativeStatement(SqliteConnection connection, string sql, IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        database = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        try
        {
            Check(raw.sqlite3_prepare_v2(database, sql, out statement));
            indexes = new int[parameters.Count];
            for (var i = 0; i < indexes.Length; i++)
            {
                indexes[i] = raw.sqlite3_bind_parameter_index(statement, parameters[i]) is > 0 and var index
                    ? index
                    : throw new SqliteException($"the statement has no parameter {parameters[i]}", raw.SQLITE_RANGE);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Binds text (or null) to the <paramref name="parameter"/>th of the parameters the statement was made with.</summary>
    public void Bind(int parameter, string? text) =>
        Check(text is null ? raw.sqlite3_bind_null(statement, indexes[parameter]) : raw.sqlite3_bind_text(statement, indexes[parameter], Utf8(text)));

    /// <summary>Binds a whole number to the <paramref name="parameter"/>th of the parameters the statement was made with.</summary>
    public void Bind(int parameter, long number) => Check(raw.sqlite3_bind_int64(statement, indexes[parameter], number));

    /// <summary>Runs the statement with the values bound since the last run, then readies it for the next.</summary>
    /// <exception cref="SqliteException">SQLite refused the row (a constraint, a full disk).</exception>
    public void Execute()
    {
        try
        {
            var done = raw.sqlite3_step(statement);
            if (done != raw.SQLITE_DONE)
            {
                Check(done);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    public void Dispose()
    {
        statement.Dispose();
        ArrayPool<byte>.Shared.Return(utf8);
    }

    private ReadOnlySpan<byte> Utf8(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (utf8.Length < length)
        {
            ArrayPool<byte>.Shared.Return(utf8);
            utf8 = ArrayPool<byte>.Shared.Rent(length);
        }

        return utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8));
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }
}
