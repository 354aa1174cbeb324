using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Airwave.Persistence.Sqlite;

/// <summary>
/// One SQLite file in WAL mode: a single writer connection (writes are serialized in-process and each batch is one
/// transaction) and pooled read connections that WAL lets run beside it.
/// </summary>
/// <remarks>
/// synchronous=FULL: with WAL, NORMAL only syncs at checkpoints, so a power loss can drop the last commits even
/// though their writers were acknowledged. A store acknowledges a write as durable, so every commit is fsynced;
/// batching amortizes that cost.
/// </remarks>
internal sealed class SqliteDatabase : ISqlDatabase
{
    private static readonly Lazy<bool> NativeLibrary = new(
        () =>
        {
            SQLitePCL.Batteries.Init();
            return true;
        },
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string connectionString;
    private readonly int busyTimeoutMs;
    private readonly SqliteConnection writer;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    private SqliteDatabase(string connectionString, int busyTimeoutMs, SqliteConnection writer, (int Before, int After) versions)
    {
        this.connectionString = connectionString;
        this.busyTimeoutMs = busyTimeoutMs;
        this.writer = writer;
        (MigratedFrom, SchemaVersion) = versions;
    }

    public SqlTables Tables => SqlTables.Unqualified;

    public int SchemaVersion { get; }

    public int MigratedFrom { get; }

    public static async Task<SqliteDatabase> OpenAsync(PersistenceOptions options, CancellationToken cancellationToken)
    {
        _ = NativeLibrary.Value;
        var directory = options.DataDirectory
            ?? throw new ArgumentException("PersistenceOptions.DataDirectory is required for the SQLite provider.", nameof(options));
        Directory.CreateDirectory(directory);
        var busyTimeout = (int)options.BusyTimeout.TotalMilliseconds;
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, options.SqliteFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        try
        {
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(writer, $"PRAGMA busy_timeout = {busyTimeout.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(writer, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(writer, "PRAGMA synchronous = FULL", cancellationToken).ConfigureAwait(false);
            await SqlitePageCache.ApplyAsync(writer, cancellationToken).ConfigureAwait(false);
            var versions = await SqliteSchemaMigrator.MigrateAsync(writer, cancellationToken).ConfigureAwait(false);
            return new SqliteDatabase(connectionString, busyTimeout, writer, versions);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(connection, $"PRAGMA busy_timeout = {busyTimeoutMs.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = writer.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                await work(writer, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private static async Task ExecutePragmaAsync(SqliteConnection connection, string pragma, CancellationToken cancellationToken)
    {
        using var command = connection.Command(pragma);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
